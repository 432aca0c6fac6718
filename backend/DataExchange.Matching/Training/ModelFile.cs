using System.Reflection;
using System.Text.Json;
using DataExchange.Matching.Scoring;

namespace DataExchange.Matching.Training;

/// <summary>Reads and writes the model file (indented JSON), and loads the default model the project ships.</summary>
public static class ModelFile
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Serialize(MatchModel model) => JsonSerializer.Serialize(model, Options);

    public static MatchModel Deserialize(string json)
    {
        var model = JsonSerializer.Deserialize<MatchModel>(json, Options) ?? throw new InvalidDataException("The model file is empty.");
        if (model.Version > MatchModel.CurrentVersion)
        {
            throw new InvalidDataException($"The model file is version {model.Version}; this engine reads up to {MatchModel.CurrentVersion}.");
        }

        return model;
    }

    public static void Write(MatchModel model, string path) => File.WriteAllText(path, Serialize(model));

    public static MatchModel Read(string path) => Deserialize(File.ReadAllText(path));

    /// <summary>The model trained and shipped with the engine (Resources/default-model.json).</summary>
    public static MatchModel Default()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("DataExchange.Matching.default-model.json")
            ?? throw new InvalidOperationException("The default model is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Deserialize(reader.ReadToEnd());
    }
}
