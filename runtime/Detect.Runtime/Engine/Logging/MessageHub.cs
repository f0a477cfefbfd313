namespace Detect.Engine;

/// <summary>
/// What hooks share during a run (MMEngine's <c>MessageHub</c>): logged scalars by name
/// (<c>train/loss</c>, <c>train/lr</c>, <c>train/time</c> ...) and runtime information
/// (<c>eta</c>, <c>best_score</c>, <c>last_ckpt</c> ...). Runtime information whose value is a
/// number, string or list of those is saved in checkpoints and restored on resume.
/// </summary>
public sealed class MessageHub
{
    readonly Dictionary<string, LogBuffer> scalars = [];
    readonly Dictionary<string, object> info = [];

    /// <summary>Adds a value to the scalar <paramref name="key"/>.</summary>
    public void UpdateScalar(string key, double value)
    {
        if (!scalars.TryGetValue(key, out var buffer)) scalars[key] = buffer = new LogBuffer();
        buffer.Update(value);
    }

    /// <summary>The scalar's buffer, or null when it was never logged.</summary>
    public LogBuffer? GetScalar(string key) => scalars.GetValueOrDefault(key);

    /// <summary>All scalars, in first-logged order.</summary>
    public IReadOnlyDictionary<string, LogBuffer> Scalars => scalars;

    /// <summary>Sets runtime information.</summary>
    public void UpdateInfo(string key, object value) => info[key] = value;

    /// <summary>Runtime information, or null.</summary>
    public object? GetInfo(string key) => info.GetValueOrDefault(key);

    /// <summary>Runtime information as the checkpoint stores it.</summary>
    public IReadOnlyDictionary<string, object> RuntimeInfo => info;

    /// <summary>Replaces the runtime information (resume).</summary>
    public void LoadRuntimeInfo(IEnumerable<KeyValuePair<string, object>> saved)
    {
        foreach (var (key, value) in saved) info[key] = value;
    }
}
