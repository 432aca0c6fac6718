using System.CommandLine;

namespace DataExchange.Cli.Commands;

/// <summary>dx generate: synthetic agency files in the exchange format (placeholder until the generator lands).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var command = new Command("generate", "Write synthetic agency files in the exchange format, with ground truth.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("dx generate: not built yet");
            return 2;
        });
        return command;
    }
}
