using Detect.Models.Backbones;
using Detect.Models.DataPreprocessors;
using Detect.Models.DenseHeads;
using TorchSharp;
using static TorchSharp.torch;

namespace Detect.Models.Detectors;

/// <summary>MMDetection's <c>ATSS</c> (Adaptive Training Sample Selection): a single-stage detector with an <see cref="ATSSHead"/>.</summary>
/// <param name="backbone"><c>backbone</c>.</param>
/// <param name="neck"><c>neck</c>.</param>
/// <param name="bboxHead"><c>bbox_head</c>, built with the detector's <c>train_cfg</c> / <c>test_cfg</c>.</param>
/// <param name="dataPreprocessor"><c>data_preprocessor</c>.</param>
public sealed class ATSS(Backbone backbone, nn.Module<Tensor[], Tensor[]>? neck, DenseHead bboxHead,
    DetDataPreprocessor? dataPreprocessor = null)
    : SingleStageDetector(nameof(ATSS), backbone, neck, bboxHead, dataPreprocessor);
