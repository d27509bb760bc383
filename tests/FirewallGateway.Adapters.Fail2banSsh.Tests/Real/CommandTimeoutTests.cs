using FirewallGateway.Core.Addresses;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Adapters.Fail2banSsh.Tests.Real;

/// <summary>A firewall whose command hangs: every command has a deadline, and the next one reconnects.</summary>
public sealed class CommandTimeoutTests : IAsyncLifetime
{
    private SshServer _ssh = null!;
    private string _script = null!;

    public async Task InitializeAsync()
    {
        _script = Path.Combine(Directory.CreateTempSubdirectory("fwgw-hang-").FullName, "hang");
        File.WriteAllText(_script, "#!/bin/sh\nexec sleep 60\n");
        _ssh = await SshServer.StartAsync(_script, string.Empty);
    }

    public async Task DisposeAsync()
    {
        await _ssh.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_script)!, recursive: true);
    }

    [Fact]
    public async Task BanAsync_CommandHangs_TimesOutAtTheDeadline()
    {
        var options = new Fail2banSshOptions
        {
            Host = "127.0.0.1",
            Port = _ssh.Port,
            User = _ssh.User,
            KeyFile = _ssh.ClientKeyFile,
            HostKeySha256 = _ssh.HostKeySha256,
            Jail = "gateway",
            CommandTimeout = TimeSpan.FromSeconds(2),
        };
        var logger = new CapturingLogger();
        await using var adapter = new Fail2banSshAdapter("central", options, new SshConnection("central", options, logger), logger, TimeProvider.System);
        var started = DateTime.UtcNow;

        await Assert.ThrowsAsync<TimeoutException>(async () =>
            await adapter.BanAsync([new BanEntry(BanAddress.Parse("1.0.1.9"), 1, DateTimeOffset.UtcNow.AddHours(1))], CancellationToken.None));

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Contains(logger.Lines, l => l.Contains("command timed out", StringComparison.Ordinal));
    }
}
