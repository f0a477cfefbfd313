namespace Detect.Config;

public partial record CustomHookConfig
{
    /// <summary>
    /// A new instance of <see cref="HookType"/>. A custom hook is the one component a config names by its .NET type
    /// (as MMEngine's registry builds a class by name); the compiler has checked that it derives from
    /// <see cref="Engine.Hook"/> and has a public parameterless constructor (DET401), so constructing it is the
    /// one reflective step here.
    /// </summary>
    public Engine.Hook CreateHook() =>
        HookType is { } type
            ? (Engine.Hook)Activator.CreateInstance(type)!
            : throw new ConfigurationException("custom_hooks: a CustomHook has no HookType.");
}
