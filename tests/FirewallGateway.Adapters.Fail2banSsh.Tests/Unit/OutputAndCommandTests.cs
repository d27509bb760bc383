using FirewallGateway.Core.Addresses;

namespace FirewallGateway.Adapters.Fail2banSsh.Tests.Unit;

/// <summary>The shapes of payloads/fail2ban-client-outputs.txt (PROTOCOLS.md §3.6) and the only command lines sent.</summary>
public sealed class OutputAndCommandTests
{
    [Fact]
    public void ParseBanListWithTime_DocumentedShape_GivesAddressesAndEnds()
    {
        const string output = "203.0.113.45 \t2025-06-12 08:14:55 + 600 = 2025-06-12 08:24:55\n2001:db8:4::17 \t2025-06-12 08:15:10 + 600 = 2025-06-12 08:25:10\n";
        var rejected = new List<string>();

        var bans = Fail2banOutput.ParseBanListWithTime(output, rejected);

        Assert.Empty(rejected);
        Assert.Equal([BanAddress.Parse("203.0.113.45"), BanAddress.Parse("2001:db8:4::17")], bans.Select(b => b.Address));
        Assert.Equal(new DateTime(2025, 6, 12, 8, 24, 55), bans[0].EndsLocal);
    }

    [Fact]
    public void ParseBanListWithTime_PermanentBanAndGarbage_NoEndAndRejectedLine()
    {
        var rejected = new List<string>();

        var bans = Fail2banOutput.ParseBanListWithTime("1.0.1.9 \t2025-06-12 08:14:55 + -1 = 9999-12-31 23:59:59\nnot-an-ip \tx\n", rejected);

        Assert.Null(Assert.Single(bans).EndsLocal);
        Assert.Equal("not-an-ip \tx", Assert.Single(rejected));
    }

    [Fact]
    public void ParseStatus_DocumentedShape_GivesListAndCount()
    {
        const string output = "Status for the jail: sshd\n|- Filter\n|  |- Currently failed:\t3\n|  |- Total failed:\t57\n|  `- File list:\t/var/log/auth.log\n`- Actions\n   |- Currently banned:\t2\n   |- Total banned:\t9\n   `- Banned IP list:\t203.0.113.45 2001:db8:4::17\n";
        var rejected = new List<string>();

        Assert.Equal([BanAddress.Parse("203.0.113.45"), BanAddress.Parse("2001:db8:4::17")], Fail2banOutput.ParseStatusBannedList(output, rejected));
        Assert.Equal(2, Fail2banOutput.ParseStatusCurrentlyBanned(output));
        Assert.Empty(rejected);
    }

    [Theory]
    [InlineData("2\n", true, 2)]
    [InlineData("0", true, 0)]
    [InlineData("not banned: ['192.0.2.99']", false, 0)]
    public void TryParseCount_Output_IsTheNumberPrinted(string output, bool ok, int expected)
    {
        Assert.Equal(ok, Fail2banOutput.TryParseCount(output, out int count));
        Assert.Equal(expected, count);
    }

    [Fact]
    public void Ban_CanonicalAddresses_OneCommandLine()
    {
        var addresses = new[] { BanAddress.Parse("::ffff:1.0.1.9"), BanAddress.Parse("2A00:1450:0::9"), BanAddress.Parse("1.0.9.7/24") };

        Assert.Equal("fail2ban-client set gateway banip 1.0.1.9 2a00:1450::9 1.0.9.0/24", Fail2banCommand.Ban("gateway", addresses));
    }

    [Theory]
    [InlineData("x; touch /tmp/pwned")]
    [InlineData("--all")]
    public void Ban_UnsafeJail_Throws(string jail)
    {
        Assert.Throws<ArgumentException>(() => Fail2banCommand.Ban(jail, [BanAddress.Parse("1.0.1.9")]));
    }

    [Theory]
    [InlineData("1.2.3.4 && id")]
    [InlineData("1.2.3.4;id")]
    [InlineData("$(id)")]
    [InlineData("--all")]
    public void BanAddress_InjectionText_NeverBecomesAnAddress(string text)
    {
        Assert.False(BanAddress.TryParse(text, out _));
    }

    [Theory]
    [InlineData("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")]
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")]
    [InlineData("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF", null)]
    [InlineData("MD5:aa:bb", null)]
    public void HostKeyPin_Normalize_AcceptsOpenSshAndBareForms(string text, string? expected)
    {
        Assert.Equal(expected, HostKeyPin.Normalize(text));
    }
}
