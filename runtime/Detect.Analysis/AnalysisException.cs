namespace Detect.Analysis;

/// <summary>
/// A problem with what a user gave an analysis tool (a log without the asked-for key, a results file
/// naming an unknown image, an unusable option), with a message that names the file, record and field.
/// The <c>detect</c> commands print the message and exit with code 1: it is an <see cref="IOException"/>,
/// which FailureReport treats as a user's data error (<see cref="InvalidDataException"/> is sealed).
/// </summary>
public sealed class AnalysisException(string message) : IOException(message);
