using Detect.Data;
using Detect.Transforms;

namespace Detect.Engine;

/// <summary>
/// What <c>detect test --tta</c> tests with (MMDetection's <c>tools/test.py --tta</c>): the test records through a pipeline
/// ending in <see cref="TestTimeAug"/> (<c>tta_pipeline</c>), and the merger of each image's views (<c>tta_model</c>).
/// </summary>
/// <param name="Loader">The test loader of the views, batched as the test loader.</param>
/// <param name="Merger">Merges each image's view predictions.</param>
public sealed record TestTimeAugData(DataLoader<TtaInputs, TtaBatch> Loader, DetTtaMerger Merger);
