namespace FirewallGateway.IntegrationTests.Infrastructure;

/// <summary>Files of the repository the tests use as shipped (samples), found from the test binary's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fail2banAction => Path.Combine(Root, "samples", "fail2ban", "action.d", "firewallgateway.conf");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FirewallGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FirewallGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
