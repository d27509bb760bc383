using FirewallGateway.TestSupport;

namespace FirewallGateway.Package.IntegrationTests;

/// <summary>
/// Builds the package once for every test of the collection (<c>bash eng/package.sh</c>, as an operator would) and
/// makes sure no earlier, interrupted run left it installed.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "fwgw-package-" + Guid.NewGuid().ToString("N")[..8]);

    public string DebPath { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await InstalledPackage.PurgeIfInstalledAsync();
        // CI publishes once for every test project (FWGW_PUBLISHED): the package is made from that, as package.sh allows.
        string? published = Environment.GetEnvironmentVariable(PublishedGateway.FolderVariable);
        string[] reuse = string.IsNullOrEmpty(published) ? [] : ["--published", published];
        var build = await ProcessRunner.RunAsync(
            "bash", [Path.Combine(RepositoryRoot.Path, "eng", "package.sh"), "--output", _output, .. reuse], timeout: TimeSpan.FromMinutes(10));
        build.EnsureSuccess("eng/package.sh");
        DebPath = build.StandardOutput.Trim().Split('\n')[^1];
        Assert.True(File.Exists(DebPath), $"eng/package.sh printed '{DebPath}', which does not exist");
    }

    public async Task DisposeAsync()
    {
        // The last line of defence: whatever a test did, the machine ends without the package.
        await InstalledPackage.PurgeIfInstalledAsync();
        Directory.Delete(_output, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class InstalledPackageGroup : ICollectionFixture<PackageFixture>
{
    public const string Name = "installed package";
}

/// <summary>The repository checkout the test binary was built in.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FirewallGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FirewallGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
