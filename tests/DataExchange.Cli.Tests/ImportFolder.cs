using System.Text;

namespace DataExchange.Cli.Tests;

/// <summary>A temporary folder of exchange files, removed afterwards; the database and rejects sit beside it.</summary>
internal sealed class ImportFolder : IDisposable
{
    public const string EducationHeader =
        "source_id,id_number,name,sex,birth_date,region_code,address,student_no,school_name,grade,enrollment_status,guardian_name,guardian_phone";

    private readonly string _root = Directory.CreateTempSubdirectory("dx-import-test-").FullName;

    public ImportFolder() => Directory.CreateDirectory(Files);

    public string Files => Path.Combine(_root, "in");
    public string Database => Path.Combine(_root, "exchange.db");
    public string Rejects => Path.Combine(_root, "rejects.csv");

    public ImportFolder Write(string fileName, string text)
    {
        File.WriteAllText(Path.Combine(Files, fileName), text, new UTF8Encoding(false));
        return this;
    }

    public ImportFolder WriteBytes(string fileName, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(Files, fileName), bytes);
        return this;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
