using Microsoft.Data.Sqlite;

namespace DataExchange.Data.Providers;

/// <summary>
/// The hub's own files hold children's data and its keys: on Unix the folders it creates are 0700 and the files
/// 0600, whatever the umask. SQLite gives its -wal and -shm files the mode of the database file, so creating that
/// file first is enough for all three. Files and folders that already exist are
/// left as the operator set them.
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder and any missing parents, each owner-only (.NET applies a mode to the last one only).</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
        {
            missing.Push(folder);
        }

        while (missing.TryPop(out var folder))
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }
    }

    /// <summary>Creates an empty owner-only file unless it exists; true when it created it.</summary>
    public static bool CreateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            new FileStream(path, options).Dispose();
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created already (or by a second host starting at the same time): its mode stands.
            return false;
        }
    }

    /// <summary>Makes the folder and the file of a SQLite connection string owner-only before SQLite first opens it.</summary>
    public static void PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var file = builder.DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || builder.Mode == SqliteOpenMode.Memory
            || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var full = Path.GetFullPath(file);
        if (Path.GetDirectoryName(full) is { Length: > 0 } folder)
        {
            CreateFolder(folder);
        }

        if (builder.Mode != SqliteOpenMode.ReadOnly && CreateFile(full))
        {
            // An empty file is an empty database, but EF's existence check opens it read-only and the per-connection
            // pragmas would then have to write the header to switch it to WAL: make it a WAL database here.
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }
    }
}
