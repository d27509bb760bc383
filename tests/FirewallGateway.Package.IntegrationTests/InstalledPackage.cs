using FirewallGateway.TestSupport;

namespace FirewallGateway.Package.IntegrationTests;

/// <summary>The package installed with dpkg for one test; disposing stops what the test started and purges it.</summary>
internal sealed class InstalledPackage : IAsyncDisposable
{
    public const string Name = "firewallgateway";
    public const string ServiceUser = "firewallgateway";
    public const string UnitPath = "/lib/systemd/system/firewallgateway.service";
    public const string ConfigPath = "/etc/firewallgateway/appsettings.json";
    public const string CertificatePath = "/etc/firewallgateway/tls/gateway.crt";
    public const string DataDirectory = "/var/lib/firewallgateway";
    public const string Cli = "/usr/bin/firewallgateway";

    private readonly List<ServiceProcess> _services = [];

    private InstalledPackage()
    {
    }

    public static async Task<InstalledPackage> InstallAsync(string debPath)
    {
        await DpkgInstallAsync(debPath);
        return new InstalledPackage();
    }

    /// <summary><c>dpkg -i</c>: a first install, or the package installed over itself (an upgrade to the same version).</summary>
    public static async Task DpkgInstallAsync(string debPath)
    {
        var result = await ProcessRunner.RunAsync(
            "dpkg", ["-i", debPath], timeout: TimeSpan.FromMinutes(3), environment: Debconf);
        result.EnsureSuccess("dpkg -i");
    }

    /// <summary>Starts the unit's ExecStart as the unit says (user, capabilities, environment) and waits for READY=1.</summary>
    public async Task<ServiceProcess> StartServiceAsync(IReadOnlyDictionary<string, string>? dropInEnvironment = null)
    {
        var service = ServiceProcess.Start(ServiceUnit.Load(UnitPath), dropInEnvironment);
        _services.Add(service);
        await service.WaitUntilReadyAsync();
        return service;
    }

    /// <summary>Starts the unit's ExecStart expecting it to fail; returns its exit code, output and whether it said READY=1.</summary>
    public async Task<(int ExitCode, string Output, bool SentReady)> RunServiceExpectingFailureAsync(IReadOnlyDictionary<string, string> dropInEnvironment)
    {
        var service = ServiceProcess.Start(ServiceUnit.Load(UnitPath), dropInEnvironment);
        _services.Add(service);
        int exitCode = await service.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exitCode, service.Output, service.Notify.Received("READY=1"));
    }

    /// <summary>
    /// The installed CLI run by root with the environment of a fresh root login (env -i: no FWGW_* variable, so
    /// the CLI must find the URL, the login and the certificate itself), from the root folder.
    /// </summary>
    public static async Task<string> CliAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(
            "env", ["-i", "-C", "/", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", Cli, .. arguments],
            timeout: TimeSpan.FromMinutes(1));
        return result.EnsureSuccess("firewallgateway " + string.Join(' ', arguments)).StandardOutput;
    }

    public async Task PurgeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }

        _services.Clear();
        var result = await ProcessRunner.RunAsync("dpkg", ["--purge", Name], timeout: TimeSpan.FromMinutes(2), environment: Debconf);
        result.EnsureSuccess("dpkg --purge");
    }

    public static async Task PurgeIfInstalledAsync()
    {
        var status = await ProcessRunner.RunAsync("dpkg-query", "-W", "-f=${db:Status-Abbrev}", Name);
        if (status.ExitCode == 0 && status.StandardOutput.Trim().Length > 0 && !status.StandardOutput.StartsWith("un", StringComparison.Ordinal))
        {
            await ProcessRunner.RunAsync("dpkg", ["--purge", Name], timeout: TimeSpan.FromMinutes(2), environment: Debconf);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PurgeAsync();
        }
        finally
        {
            await PurgeIfInstalledAsync();
        }
    }

    private static readonly Dictionary<string, string> Debconf = new() { ["DEBIAN_FRONTEND"] = "noninteractive" };
}
