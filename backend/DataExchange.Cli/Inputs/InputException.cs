namespace DataExchange.Cli.Inputs;

/// <summary>
/// A mistake in what the person gave dx (a path, a database, a server): the message names the input and what to
/// do, on one line. Thrown by the checks each verb makes before working; Program prints it and exits 2.
/// </summary>
public sealed class InputException(string message) : Exception(message);
