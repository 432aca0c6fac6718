namespace DataExchange.Api.Hosting;

/// <summary>
/// What the host prints when it cannot start: the message of each exception in the chain (ours name the setting and what
/// to give; the framework's name the port or the server), one per line, without a stack trace or a type name.
/// </summary>
public static class StartupFailure
{
    public static string Describe(Exception error)
    {
        var lines = new List<string> { "The hub could not start:" };
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Count > 1)
            {
                lines.AddRange(aggregate.InnerExceptions.Select(inner => "  " + OneLine(inner.Message)));
                break;
            }

            var message = OneLine(current.Message);
            if (message.Length > 0 && !lines.Contains("  " + message))
            {
                lines.Add("  " + message);
            }
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
