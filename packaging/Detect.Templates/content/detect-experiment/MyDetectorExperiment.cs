using Detect.Config;
using Detect.Models.Zoo;

namespace MyDetector;

/// <summary>
/// Your experiment: MMDetection's RetinaNet R-50-FPN 1x (the zoo's <see cref="RetinaNetR50Fpn1xCoco"/>) on your COCO
/// data. Everything else is inherited; set what differs, field by field (<c>[Sgd(Lr = 0.005)]</c>,
/// <c>[EpochBasedTrainLoop(MaxEpochs = 24)]</c>, <c>[ResNet(Depth = 101)]</c>). The build checks the merged config and
/// fails with a DETnnn error at the attribute that is wrong; Generated/ shows what it expands to.
/// </summary>
[Experiment]
[RetinaHead(NumClasses = 3)]
[CocoDataset(DataRoot = "data/coco/", Classes = ["circle", "square", "triangle"])]
public partial record MyDetectorExperiment : RetinaNetR50Fpn1xCoco;
