using Detect.Config;

namespace Detect.Engine;

/// <summary>Severity of a log message (MMEngine's <c>log_level</c>), least severe first.</summary>
public enum LogLevel
{
    /// <summary>Details for finding problems.</summary>
    [ConfigName("DEBUG")]
    Debug,

    /// <summary>Progress and results.</summary>
    [ConfigName("INFO")]
    Info,

    /// <summary>Something the user should look at.</summary>
    [ConfigName("WARNING")]
    Warning,

    /// <summary>Something failed.</summary>
    [ConfigName("ERROR")]
    Error,
}
