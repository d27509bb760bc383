namespace FirewallGateway.Storage;

/// <summary>
/// The data folder and the database files hold password hashes, the allow-list and every report: only the
/// gateway's own user may read them. Folders are created 0700 and database files 0600 before SQLite opens them
/// (SQLite gives its -wal and -shm files the database file's mode), and database files found readable by others
/// are tightened, so an upgrade closes what an older version left open.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents) with mode 0700; an existing folder is left as the operator made it.</summary>
    public static void CreateFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, FolderMode);
        }
    }

    /// <summary>
    /// Makes sure the SQLite database <paramref name="databasePath"/> exists with mode 0600 (created empty when
    /// missing) and that it and its -wal, -shm and -journal files grant nothing to group or others.
    /// </summary>
    public static void PrepareDatabaseFile(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        if (!File.Exists(databasePath))
        {
            // CreateNew: if another process created it in between, that one stands (and is tightened below).
            try
            {
                using var created = new FileStream(databasePath, new FileStreamOptions
                {
                    Mode = System.IO.FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = FileMode,
                });
            }
            catch (IOException) when (File.Exists(databasePath))
            {
            }
        }

        foreach (string path in new[] { databasePath, databasePath + "-wal", databasePath + "-shm", databasePath + "-journal" })
        {
            if (File.Exists(path) && (File.GetUnixFileMode(path) & GroupAndOthers) != 0)
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) & ~GroupAndOthers);
            }
        }
    }
}
