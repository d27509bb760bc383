using FirewallGateway.TestSupport;

namespace FirewallGateway.Adapters.Fail2banSsh.Tests.Real;

/// <summary>
/// Real sshd with the restricted account forced onto the shipped wrapper, and a real fail2ban behind it: the
/// whole firewall side of issue 3. Adapters made here talk to it over real SSH.
/// </summary>
internal sealed class CentralFirewallRig : IAsyncDisposable
{
    private readonly List<Fail2banSshAdapter> _adapters = [];

    private CentralFirewallRig(SshServer ssh, FirewallJail firewall)
    {
        Ssh = ssh;
        Firewall = firewall;
    }

    public SshServer Ssh { get; }

    public FirewallJail Firewall { get; }

    public CapturingLogger Logger { get; } = new();

    /// <summary>The wrapper's log: one ACCEPTED line per command it ran, one REFUSED line per refusal.</summary>
    public string WrapperLog => Path.Combine(Ssh.Home, "wrapper.log");

    public static async Task<CentralFirewallRig> StartAsync(string wrapperOptions = "--allow-read", string? netns = null, string? timeZone = null)
    {
        // The wrapper's arguments name the jail's config folder, and the firewall needs the account's name.
        string folder = Directory.CreateTempSubdirectory("fwgw-fw-").FullName;
        SshServer? ssh = null;
        try
        {
            ssh = await SshServer.StartAsync(SamplePaths.Wrapper, $"--jail {FirewallJail.Name} {wrapperOptions} --no-sudo --config {folder}/etc --log {{home}}/wrapper.log");
            var firewall = await FirewallJail.StartAsync(folder, ssh.User, netns, timeZone);
            return new CentralFirewallRig(ssh, firewall);
        }
        catch
        {
            if (ssh is not null)
            {
                await ssh.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public Fail2banSshOptions Options(Action<Fail2banSshOptions>? change = null)
    {
        var options = new Fail2banSshOptions
        {
            Host = "127.0.0.1",
            Port = Ssh.Port,
            User = Ssh.User,
            KeyFile = Ssh.ClientKeyFile,
            HostKeySha256 = Ssh.HostKeySha256,
            Jail = FirewallJail.Name,
            CommandTimeout = TimeSpan.FromSeconds(20),
        };
        change?.Invoke(options);
        return options;
    }

    public Fail2banSshAdapter Adapter(Action<Fail2banSshOptions>? change = null)
    {
        var options = Options(change);
        var adapter = new Fail2banSshAdapter("central", options, new SshConnection("central", options, Logger), Logger, TimeProvider.System);
        _adapters.Add(adapter);
        return adapter;
    }

    public int WrapperLines(string marker) =>
        File.Exists(WrapperLog) ? File.ReadLines(WrapperLog).Count(l => l.Contains(marker, StringComparison.Ordinal)) : 0;

    public async ValueTask DisposeAsync()
    {
        foreach (var adapter in _adapters)
        {
            await adapter.DisposeAsync();
        }

        try
        {
            await Firewall.DisposeAsync();
        }
        finally
        {
            await Ssh.DisposeAsync();
        }
    }
}
