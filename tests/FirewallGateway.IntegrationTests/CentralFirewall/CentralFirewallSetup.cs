using System.Globalization;
using System.Text.Json;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;

namespace FirewallGateway.IntegrationTests.CentralFirewall;

/// <summary>
/// Issue 3 end to end: the real gateway process with a <c>fail2ban-ssh</c> target, a real sshd whose restricted
/// account is forced onto the shipped wrapper, and a real fail2ban playing the central firewall (jail "gateway").
/// Optionally the firewall's jail also reports every ban back to the gateway as reporter "fw1" with the shipped
/// reporting action, the worst case for echoes.
/// </summary>
public sealed class CentralFirewallSetup : IAsyncDisposable
{
    public const string Jail = "gateway";

    private readonly string _linkFolder;

    private CentralFirewallSetup(string linkFolder, SshServer ssh, GatewayProcess gateway)
    {
        _linkFolder = linkFolder;
        Ssh = ssh;
        Gateway = gateway;
    }

    public SshServer Ssh { get; }

    public GatewayProcess Gateway { get; }

    public Fail2banServer Firewall { get; private set; } = null!;

    /// <summary>A reporter login ("web1") for sending reports.</summary>
    public HttpClient Reporter { get; private set; } = null!;

    public string WrapperLog => Path.Combine(Ssh.Home, "wrapper.log");

    /// <param name="firewallReportsBack">Give the firewall's jail the shipped reporting action as reporter "fw1".</param>
    /// <param name="settings">More gateway settings (e.g. Policy:EchoReporters:0).</param>
    public static async Task<CentralFirewallSetup> StartAsync(bool firewallReportsBack = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        // The wrapper's arguments must name the firewall's config folder before the firewall exists (its action
        // needs the gateway's address, the gateway needs sshd's port and key): a link fills the gap.
        string linkFolder = Directory.CreateTempSubdirectory("fwgw-cfw-").FullName;
        File.SetUnixFileMode(linkFolder, (UnixFileMode)0b111_101_101);
        SshServer? ssh = null;
        GatewayProcess? gateway = null;
        try
        {
            ssh = await SshServer.StartAsync(
                Path.Combine(RepositoryPaths.Root, "samples", "fail2ban", "central-firewall", "firewallgateway-command"),
                $"--jail {Jail} --allow-read --no-sudo --config {linkFolder}/etc --log {{home}}/wrapper.log");
            var all = new Dictionary<string, string>
            {
                ["Targets:central:Kind"] = "fail2ban-ssh",
                ["Targets:central:Host"] = "127.0.0.1",
                ["Targets:central:Port"] = ssh.Port.ToString(CultureInfo.InvariantCulture),
                ["Targets:central:User"] = ssh.User,
                ["Targets:central:KeyFile"] = ssh.ClientKeyFile,
                ["Targets:central:HostKeySha256"] = ssh.HostKeySha256,
                ["Targets:central:Jail"] = Jail,
                ["Targets:central:MaxAddressesPerCall"] = "200",
                ["Targets:central:CommandTimeout"] = "00:00:10",
                ["Dispatch:ReconcileInterval"] = "00:00:02",
                ["Dispatch:RetryInitialDelay"] = "00:00:00.2",
                ["Dispatch:RetryMaxDelay"] = "00:00:01",
                ["Dispatch:CallTimeout"] = "00:00:20",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                all[key] = value;
            }

            gateway = await GatewayProcess.StartAsync(all);
            var setup = new CentralFirewallSetup(linkFolder, ssh, gateway);
            setup.Reporter = gateway.Client("web1", await gateway.CreateReporterAsync("web1"));
            string action = $"dummy[target=\"{linkFolder}/dummy.txt\"]";
            if (firewallReportsBack)
            {
                string credentials = Path.Combine(gateway.DataDirectory, "fw1.curl");
                File.WriteAllText(credentials, $"user = \"fw1:{await gateway.CreateReporterAsync("fw1")}\"\n");
                File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                action += $"\n           firewallgateway[gateway_url=\"{gateway.BaseAddress.ToString().TrimEnd('/')}\", credentials=\"{credentials}\"]";
            }

            setup.Firewall = await Fail2banServer.StartAsync(Jail, action, new Dictionary<string, string> { ["firewallgateway.conf"] = RepositoryPaths.Fail2banAction });
            File.SetUnixFileMode(setup.Firewall.Folder, (UnixFileMode)0b111_101_101);
            File.CreateSymbolicLink(Path.Combine(linkFolder, "etc"), Path.Combine(setup.Firewall.Folder, "etc"));
            await setup.HandSocketToAccountAsync();
            return setup;
        }
        catch
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            if (ssh is not null)
            {
                await ssh.DisposeAsync();
            }

            Directory.Delete(linkFolder, recursive: true);
            throw;
        }
    }

    /// <summary>The CI machines have no sudo: the account gets fail2ban's socket instead (after every start).</summary>
    public async Task HandSocketToAccountAsync() =>
        (await ProcessRunner.RunAsync("chown", Ssh.User, Path.Combine(Firewall.Folder, "fail2ban.sock"))).EnsureSuccess("chown socket");

    /// <summary>The firewall restarts and lost its database: every ban is gone.</summary>
    public async Task RestartFirewallWithoutDatabaseAsync()
    {
        (await Firewall.StopServerAsync()).EnsureSuccess("fail2ban stop");
        File.Delete(Path.Combine(Firewall.Folder, "fail2ban.sqlite3"));
        await Firewall.StartServerAsync();
        await HandSocketToAccountAsync();
    }

    /// <summary>The jail's "Banned IP list".</summary>
    public async Task<HashSet<string>> BannedAsync()
    {
        string output = (await Firewall.Client("status", Jail)).EnsureSuccess("status").StandardOutput;
        string line = output.Split('\n').Single(l => l.Contains("Banned IP list:", StringComparison.Ordinal));
        return [.. line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)];
    }

    public async Task ReportAsync(string address)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["ip"] = address, ["jail"] = "sshd", ["failures"] = "5" });
        using var response = await Reporter.PostAsync("api/v1/reports", form);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The active decision for an address, as the API shows it.</summary>
    public async Task<JsonElement?> DecisionAsync(string address)
    {
        using var client = Gateway.OperatorClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync($"api/v1/decisions?address={Uri.EscapeDataString(address)}"));
        var active = json.RootElement.EnumerateArray().Where(d => d.GetProperty("state").GetString() == "active").ToList();
        return active.Count == 0 ? null : active[0].Clone();
    }

    /// <summary>Every stored report about an address: (reporter, outcome).</summary>
    public async Task<List<(string Reporter, string Outcome)>> ReportsAsync(string address)
    {
        using var client = Gateway.OperatorClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync($"api/v1/addresses/{Uri.EscapeDataString(address)}"));
        return json.RootElement.GetProperty("reports").EnumerateArray()
            .Select(r => (r.GetProperty("reporter").GetString()!, r.GetProperty("outcome").GetString()!))
            .ToList();
    }

    public int WrapperLines(string marker) =>
        File.Exists(WrapperLog) ? File.ReadLines(WrapperLog).Count(l => l.Contains(marker, StringComparison.Ordinal)) : 0;

    /// <summary>Waits for a condition; on timeout the message carries every part's log as it is then.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        try
        {
            await Eventually.WaitUntilAsync(condition, timeout, what);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\n" + Diagnostics(), ex);
        }
    }

    /// <summary>Everything the parts logged, for failure messages.</summary>
    public string Diagnostics() =>
        $"gateway log:\n{Gateway.Log}\nfirewall log:\n{Firewall?.ReadLog()}\nwrapper log:\n{(File.Exists(WrapperLog) ? File.ReadAllText(WrapperLog) : "(none)")}";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Gateway.DisposeAsync();
            if (Firewall is not null)
            {
                await Firewall.DisposeAsync();
            }
        }
        finally
        {
            await Ssh.DisposeAsync();
            Reporter?.Dispose();
            Directory.Delete(_linkFolder, recursive: true);
        }
    }
}
