using System.Globalization;
using FirewallGateway.Snmp.Client;
using FirewallGateway.TestSupport;

namespace FirewallGateway.Snmp.Tests;

/// <summary>Our client against Debian's real snmpd on loopback, v2c and v3 authPriv, compared with snmpget.</summary>
public sealed class SnmpClientAgainstSnmpdTests : IAsyncLifetime
{
    private static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0");
    private static readonly Oid SysObjectId = Oid.Parse("1.3.6.1.2.1.1.2.0");
    private static readonly Oid SysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");
    private static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");
    private static readonly SnmpClientOptions Quick = new() { Timeout = TimeSpan.FromSeconds(1), Retries = 1 };

    private SnmpdProcess _snmpd = null!;

    public async Task InitializeAsync() => _snmpd = await SnmpdProcess.StartAsync();

    public async Task DisposeAsync() => await _snmpd.DisposeAsync();

    private static UsmUser User(string name, AuthProtocol auth, string authPassword = SnmpdProcess.AuthPassword, string privPassword = SnmpdProcess.PrivPassword) =>
        new(name, auth, authPassword, PrivProtocol.Aes128, privPassword);

    [Fact]
    public async Task GetAsync_V2c_ReadsSystemGroup()
    {
        using var client = new SnmpClient(SnmpAgent.V2c(_snmpd.EndPoint, SnmpdProcess.Community), TimeProvider.System);

        IReadOnlyList<VarBind> values = await client.GetAsync([SysUpTime, SysName, SysDescr], CancellationToken.None);

        Assert.Equal(SnmpValueKind.TimeTicks, values[0].Value.Kind);
        Assert.Equal(SnmpdProcess.SysName, values[1].Value.AsString());
        Assert.Equal(SnmpdProcess.SysDescr, values[2].Value.AsString());
    }

    [Theory]
    [InlineData(SnmpdProcess.ShaUser, AuthProtocol.Sha1)]
    [InlineData(SnmpdProcess.Sha256User, AuthProtocol.Sha256)]
    public async Task GetAsync_V3AuthPriv_DiscoversEngineAndReadsSystemGroup(string userName, AuthProtocol auth)
    {
        using var client = new SnmpClient(SnmpAgent.V3(_snmpd.EndPoint, User(userName, auth)), TimeProvider.System);

        IReadOnlyList<VarBind> values = await client.GetAsync([SysUpTime, SysName, SysDescr], CancellationToken.None);

        Assert.Equal(SnmpdProcess.SysName, values[1].Value.AsString());
        Assert.Equal(SnmpdProcess.SysDescr, values[2].Value.AsString());
        Assert.InRange(client.EngineId.Length, 5, 32);
    }

    [Theory]
    [InlineData(SnmpdProcess.ShaUser, AuthProtocol.Sha1, "SHA")]
    [InlineData(SnmpdProcess.Sha256User, AuthProtocol.Sha256, "SHA-256")]
    public async Task GetAsync_V3_SameValuesAsNetSnmpSnmpget(string userName, AuthProtocol auth, string netSnmpAuth)
    {
        using var client = new SnmpClient(SnmpAgent.V3(_snmpd.EndPoint, User(userName, auth)), TimeProvider.System);

        ProcessResult reference = (await _snmpd.SnmpgetAsync(SnmpdProcess.V3Arguments(userName, netSnmpAuth),
            SysUpTime.ToString(), SysName.ToString(), SysDescr.ToString(), SysObjectId.ToString())).EnsureSuccess("snmpget");
        IReadOnlyList<VarBind> ours = await client.GetAsync([SysUpTime, SysName, SysDescr, SysObjectId], CancellationToken.None);

        string[] lines = reference.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        // The uptime moved on between the two reads; ours was read second.
        uint theirUptime = uint.Parse(lines[0], CultureInfo.InvariantCulture);
        Assert.InRange(ours[0].Value.AsUInt32(), theirUptime, theirUptime + 1000);
        Assert.Equal(lines[1].Trim('"'), ours[1].Value.AsString());
        Assert.Equal(lines[2].Trim('"'), ours[2].Value.AsString());
        Assert.Equal(lines[3].TrimStart('.'), ours[3].Value.AsOid().ToString());
    }

    [Fact]
    public async Task GetAsync_V3WrongAuthPassword_WrongDigestReported()
    {
        using var client = new SnmpClient(
            SnmpAgent.V3(_snmpd.EndPoint, User(SnmpdProcess.ShaUser, AuthProtocol.Sha1, authPassword: "not-the-password")), TimeProvider.System, Quick);

        var error = await Assert.ThrowsAsync<SnmpRequestException>(() => client.GetAsync([SysName], CancellationToken.None));

        Assert.Equal(SnmpRequestFailure.Security, error.Failure);
        Assert.Equal(UsmFailure.WrongDigest, error.UsmFailure);
        Assert.Equal("wrong-digest", error.Reason);
        // snmpd's own word for it, read from its output as it arrives.
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(_snmpd.Log.Contains("Authentication failed for " + SnmpdProcess.ShaUser, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "snmpd to log the failed authentication");
    }

    [Fact]
    public async Task GetAsync_V3UnknownUser_UnknownUserNameReported()
    {
        using var client = new SnmpClient(SnmpAgent.V3(_snmpd.EndPoint, User("nobody-here", AuthProtocol.Sha1)), TimeProvider.System, Quick);

        var error = await Assert.ThrowsAsync<SnmpRequestException>(() => client.GetAsync([SysName], CancellationToken.None));

        Assert.Equal(UsmFailure.UnknownUserName, error.UsmFailure);
    }

    [Fact]
    public async Task GetAsync_V3WrongPrivPassword_TimesOutBecauseSnmpdDropsIt()
    {
        // net-snmp drops a PDU it cannot decrypt without a Report ("error parsing ScopedPDU"): to us, a timeout.
        using var client = new SnmpClient(
            SnmpAgent.V3(_snmpd.EndPoint, User(SnmpdProcess.ShaUser, AuthProtocol.Sha1, privPassword: "not-the-password")), TimeProvider.System, Quick);

        var error = await Assert.ThrowsAsync<SnmpRequestException>(() => client.GetAsync([SysName], CancellationToken.None));

        Assert.Equal(SnmpRequestFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task GetAsync_V2cWrongCommunity_TimesOut()
    {
        using var client = new SnmpClient(SnmpAgent.V2c(_snmpd.EndPoint, "not-the-community"), TimeProvider.System, Quick);

        var error = await Assert.ThrowsAsync<SnmpRequestException>(() => client.GetAsync([SysName], CancellationToken.None));

        Assert.Equal(SnmpRequestFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task GetAsync_V3AfterAgentRestart_ResynchronisesAndSeesUptimeDrop()
    {
        using var client = new SnmpClient(SnmpAgent.V3(_snmpd.EndPoint, User(SnmpdProcess.ShaUser, AuthProtocol.Sha1)), TimeProvider.System);
        await Eventually.WaitUntilAsync(
            async () => (await client.GetAsync([SysUpTime], CancellationToken.None))[0].Value.AsUInt32() >= 150,
            TimeSpan.FromSeconds(30),
            "snmpd uptime to pass 1.5 s");
        int bootsBefore = client.EngineBoots!.Value;

        await _snmpd.RestartAsync();
        IReadOnlyList<VarBind> after = await client.GetAsync([SysUpTime], CancellationToken.None);

        // The cached boots were stale: snmpd answered notInTimeWindow, the client took the new boots and resent.
        Assert.True(after[0].Value.AsUInt32() < 150, $"uptime after restart {after[0].Value}");
        Assert.Equal(bootsBefore + 1, client.EngineBoots);
    }
}
