namespace FirewallGateway.Adapters.Fail2banSsh.Tests.Real;

/// <summary>
/// Injection attempts sent as raw SSH requests to the restricted account: the shipped wrapper must refuse each
/// one (exit 77, logged) and nothing but fail2ban-client may ever run — checked by side effects that did not happen.
/// </summary>
public sealed class WrapperRefusalTests : IAsyncLifetime
{
    private CentralFirewallRig _rig = null!;
    private SshConnection _ssh = null!;
    private string _marker = null!;

    public async Task InitializeAsync()
    {
        _rig = await CentralFirewallRig.StartAsync("--allow-read");
        var options = _rig.Options();
        _ssh = new SshConnection("central", options, _rig.Logger);
        // A file the restricted account could create: if any refused request ran a shell, it would exist.
        _marker = Path.Combine(_rig.Ssh.Home, "pwned");
    }

    public async Task DisposeAsync()
    {
        await _ssh.DisposeAsync();
        await _rig.DisposeAsync();
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("id")]
    [InlineData("fail2ban-client set sshd unbanip --all")]
    [InlineData("fail2ban-client unban --all")]
    [InlineData("fail2ban-client set gateway unbanip 1.0.1.9")]
    [InlineData("fail2ban-client stop")]
    [InlineData("fail2ban-client -c /tmp set gateway banip 1.0.1.9")]
    [InlineData("fail2ban-client set gateway banip 1.0.1.9; touch {marker}")]
    [InlineData("fail2ban-client set gateway banip 1.2.3.4 && touch {marker}")]
    [InlineData("fail2ban-client set gateway banip $(touch {marker})")]
    [InlineData("fail2ban-client set gateway banip `touch {marker}`")]
    [InlineData("fail2ban-client set gateway banip 1.0.1.9\ntouch {marker}")]
    [InlineData("fail2ban-client set gateway banip 1.0.1.9 | touch {marker}")]
    [InlineData("fail2ban-client set x; touch {marker} banip 1.0.1.9")]
    [InlineData("fail2ban-client set gateway banip -h")]
    [InlineData("fail2ban-client set gateway banip *")]
    public async Task Wrapper_RequestOutsideThePolicy_IsRefusedAndRunsNothing(string request)
    {
        var result = await _ssh.RunAsync(request.Replace("{marker}", _marker, StringComparison.Ordinal), CancellationToken.None);

        Assert.Equal(Fail2banSshAdapter.WrapperRefused, result.ExitStatus);
        Assert.False(File.Exists(_marker), "a refused request ran a command");
        Assert.Empty(await _rig.Firewall.BannedAsync());
        Assert.Equal(1, _rig.WrapperLines("REFUSED"));
        Assert.Equal(0, _rig.WrapperLines("ACCEPTED"));
    }

    /// <summary>Addresses the character pattern lets through but that are not one canonical public address or block.</summary>
    public static readonly string[] NotOneCanonicalPublicAddress =
    [
        "0.0.0.0/0",
        "::/0",
        "0.0.0.0/1",
        "1.0.0.0/8",
        "1.0.1.9 10.1.2.3",
        "192.168.0.0/16",
        "127.0.0.1",
        "100.64.0.7",
        "203.0.113.9",
        "224.0.0.1",
        "fe80::1",
        "fc00::/7",
        "2001:db8::1",
        "2000::/3",
        "1.0.1.9/24",
        "1.0.1.9/32",
        "1.0.1.09",
        "01.0.1.9",
        "2A00:1450::9",
        "2a00:1450:0:0::9",
        "::ffff:1.0.1.9",
        "1.0.1.9/",
        "1.0.1",
    ];

    [Fact]
    public async Task Wrapper_AddressNotOneCanonicalPublicAddress_IsRefusedAndNothingIsBanned()
    {
        // One rig for all of them (each rig is a real sshd and fail2ban): every request must be refused on its own.
        foreach (string address in NotOneCanonicalPublicAddress)
        {
            var result = await _ssh.RunAsync("fail2ban-client set gateway banip " + address, CancellationToken.None);
            Assert.True(Fail2banSshAdapter.WrapperRefused == result.ExitStatus, $"{address}: exit {result.ExitStatus}");
        }

        Assert.Empty(await _rig.Firewall.BannedAsync());
        Assert.Equal(NotOneCanonicalPublicAddress.Length, _rig.WrapperLines("REFUSED"));
        Assert.Equal(0, _rig.WrapperLines("ACCEPTED"));
    }

    [Fact]
    public async Task Wrapper_AllowedRequest_RunsFail2banClient()
    {
        var result = await _ssh.RunAsync("fail2ban-client set gateway banip 1.0.1.9 2a00:1450::9", CancellationToken.None);

        Assert.Equal(0, result.ExitStatus);
        Assert.Equal("2", result.Output.Trim());
        Assert.Equal(1, _rig.WrapperLines("ACCEPTED banip of 2 addresses in jail gateway"));
    }

    [Fact]
    public async Task Wrapper_CanonicalPublicBlocks_AreBannedByFail2ban()
    {
        var result = await _ssh.RunAsync("fail2ban-client set gateway banip 1.0.9.0/24 2a00:1450:4000::/48", CancellationToken.None);

        Assert.Equal(0, result.ExitStatus);
        Assert.Equal(["1.0.9.0/24", "2a00:1450:4000::/48"], (await _rig.Firewall.BannedAsync()).Order(StringComparer.Ordinal));
    }
}
