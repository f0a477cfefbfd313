using Detect.Config;
using TorchSharp;

namespace Detect.Models.Tests.Losses;

/// <summary>
/// <c>loss_weight</c> and <c>reduction</c> are declared once on the loss kind (LossAttribute) with no default of their
/// own: each loss record takes them from its module's constructor, the one place they are written.
/// </summary>
public sealed class LossConfigDefaultsTests
{
    public static TheoryData<LossConfig> Losses => new()
    {
        new CrossEntropyLossConfig(), new FocalLossConfig(), new SmoothL1LossConfig(), new L1LossConfig(), new IoULossConfig(), new GIoULossConfig(),
    };

    [Theory]
    [MemberData(nameof(Losses))]
    public void Each_loss_record_defaults_to_its_constructors_weight_and_reduction(LossConfig loss)
    {
        Assert.Equal((1.0, torch.nn.Reduction.Mean), (loss.LossWeight, loss.Reduction));
    }
}
