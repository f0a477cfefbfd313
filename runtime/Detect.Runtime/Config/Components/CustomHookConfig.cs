namespace Detect.Config;

public partial record CustomHookConfig
{
    /// <summary>
    /// A new instance of <see cref="HookType"/> at the config's priority. A custom hook is the one component a config names
    /// by its .NET type (as MMEngine's registry builds a class by name); the compiler has checked that it derives from
    /// <see cref="Engine.Hook"/> and has a public parameterless constructor (DET401), so constructing it with
    /// <c>Activator</c> is the one reflective step on the config path, and it cannot fail for a reason the compiler knew.
    /// </summary>
    public override Engine.Hook BuildHook()
    {
        var hook = HookType is { } type
            ? (Engine.Hook)Activator.CreateInstance(type)!
            : throw new ConfigurationException("custom_hooks: a CustomHook has no HookType.");
        hook.ConfigPriority = Priority;
        return hook;
    }
}
