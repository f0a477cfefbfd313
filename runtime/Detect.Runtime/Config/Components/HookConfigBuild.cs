namespace Detect.Config;

public partial record HookConfig
{
    /// <summary>The hook this config builds (its generated <see cref="ComponentConfig.Build"/>, at the config's priority).</summary>
    public virtual Engine.Hook BuildHook() =>
        Build() as Engine.Hook ?? throw new ConfigurationException($"{TypeName} does not build a hook (a Detect.Engine.Hook).");
}
