namespace Detect.Config;

/// <summary>
/// A config a user wrote or changed is wrong (a value, a key, a shape that does not fit). The message
/// names the experiment, the key and, for rule violations, the diagnostic id (DETnnnn) whose docs
/// page explains it.
/// </summary>
public sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

