namespace FirewallGateway.TestSupport;

/// <summary>
/// The gateway as <c>bash eng/publish.sh</c> ships it (the ReadyToRun <c>FirewallGateway</c> and the Native AOT
/// <c>firewallgateway-rules</c> side by side), made once per test process. CI publishes once before the tests and
/// names the folder in <c>FWGW_PUBLISHED</c> (the native compile takes a minute on a busy 2-core box); without it
/// the first caller publishes into a temporary folder.
/// </summary>
public static class PublishedGateway
{
    public const string FolderVariable = "FWGW_PUBLISHED";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _folder;

    public static async Task<string> FolderAsync(string repositoryRoot)
    {
        await Gate.WaitAsync();
        try
        {
            return _folder ??= await FindOrPublishAsync(repositoryRoot);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> FindOrPublishAsync(string repositoryRoot)
    {
        string? given = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrEmpty(given))
        {
            return File.Exists(Path.Combine(given, "firewallgateway-rules"))
                ? given
                : throw new InvalidOperationException($"{FolderVariable}={given} holds no eng/publish.sh output");
        }

        string folder = Directory.CreateTempSubdirectory("fwgw-published-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        (await ProcessRunner.RunAsync("bash", [Path.Combine(repositoryRoot, "eng", "publish.sh"), folder], timeout: TimeSpan.FromMinutes(10)))
            .EnsureSuccess("eng/publish.sh");
        return folder;
    }
}
