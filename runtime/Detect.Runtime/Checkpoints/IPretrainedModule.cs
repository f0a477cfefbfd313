namespace Detect.Checkpoints;

/// <summary>
/// A module that can start from a checkpoint: MMEngine's <c>BaseModule</c> with
/// <c>init_cfg=dict(type='Pretrained', ...)</c>. Its own random initialization has run in its constructor;
/// <see cref="PretrainedWeights.InitWeights"/> loads <see cref="InitCfg"/> once, after which
/// <see cref="IsInit"/> is true (as it is once any checkpoint has been loaded into the module).
/// </summary>
public interface IPretrainedModule
{
    /// <summary>The checkpoint to start from, or null to keep the random initialization.</summary>
    PretrainedInit? InitCfg { get; }

    /// <summary>MMEngine's <c>is_init</c>: the weights are initialized and must not be initialized again.</summary>
    bool IsInit { get; set; }
}
