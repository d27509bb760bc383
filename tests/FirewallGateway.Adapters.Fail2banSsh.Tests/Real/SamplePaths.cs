namespace FirewallGateway.Adapters.Fail2banSsh.Tests.Real;

/// <summary>The shipped central-firewall samples, used as they are.</summary>
internal static class SamplePaths
{
    public static string Root { get; } = FindRoot();

    public static string CentralFirewall => Path.Combine(Root, "samples", "fail2ban", "central-firewall");

    public static string Wrapper => Path.Combine(CentralFirewall, "firewallgateway-command");

    public static string Jail => Path.Combine(CentralFirewall, "jail.d", "firewallgateway-central.local");

    public static string DropAction => Path.Combine(CentralFirewall, "action.d", "firewallgateway-drop.conf");

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
