using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Rules;

namespace FirewallGateway.Receivers.Syslog.Tests.Rules;

/// <summary>The built-in sshd rule's address-less failures, completed by the address of the same connection (host and pid).</summary>
public sealed class ConnectionTrackingTests
{
    [Fact]
    public void TooManyFailures_ThenClose_CountsOnTheCloseLineWithItsAddress()
    {
        var found = Run(
            "Nov 23 21:50:19 web sshd[8148]: Disconnecting: Too many authentication failures for root [preauth]",
            "Nov 23 21:50:37 web sshd[8148]: Connection closed by 1.0.16.1 [preauth]");
        Assert.Equal([(2, "1.0.16.1")], found);
    }

    [Fact]
    public void ConnectionFrom_ThenLockedAccount_CountsOnTheFailureLine()
    {
        var found = Run(
            "Feb 12 04:09:18 web sshd[26713]: Connection from 1.0.16.2 port 51353 on 10.0.0.1 port 22",
            "Feb 12 04:09:21 web sshd[26713]: User root not allowed because account is locked",
            "Feb 12 04:09:21 web sshd[26713]: Disconnecting: Too many authentication failures [preauth]");
        Assert.Equal([(2, "1.0.16.2"), (3, "1.0.16.2")], found);
    }

    [Fact]
    public void OtherPidOrHost_IsAnotherConnection()
    {
        var found = Run(
            "Nov 23 21:50:19 web sshd[9148]: Disconnecting: Too many authentication failures for root [preauth]",
            "Nov 23 21:50:37 web sshd[7148]: Connection closed by 1.0.16.3",
            "Nov 23 21:50:37 db sshd[9148]: Connection closed by 1.0.16.3");
        Assert.Empty(found);
    }

    [Fact]
    public void CloseWithoutPendingFailure_CountsNothingAndForgetsTheConnection()
    {
        var found = Run(
            "Sep 29 16:28:05 web sshd[16700]: Connection from 1.0.16.4 port 22",
            "Sep 29 16:28:05 web sshd[16700]: Connection closed by 1.0.16.4",
            "Sep 29 16:28:06 web sshd[16700]: Disconnecting: Too many authentication failures [preauth]");
        Assert.Empty(found);
    }

    [Theory]
    [InlineData("Connection closed by invalid user x 1.0.9.9 1.0.16.5 port 22 [preauth]")]
    [InlineData("Connection closed by authenticating user x 1.0.9.9 port 22 [preauth] 1.0.16.5")]
    [InlineData("Disconnected from invalid user a 1.0.9.9 1.0.16.5 port 22 [preauth]")]
    public void UserTextInAConnectionLine_NeverSuppliesTheAddress(string close)
    {
        // The failure waits; a close line whose address could come from a user name does not complete it.
        var found = Run(
            "Nov 23 21:50:19 web sshd[8149]: Disconnecting: Too many authentication failures for x from 1.0.9.9 port 1 [preauth]",
            "Nov 23 21:50:37 web sshd[8149]: " + close);
        Assert.Empty(found);
    }

    [Fact]
    public void ManyOpenConnections_StayBounded()
    {
        var tracker = new ConnectionTracker();
        for (int pid = 0; pid < ConnectionTracker.MaxConnections * 3; pid++)
        {
            tracker.Observe("web", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), null, failure: true, closes: false, out _);
        }

        Assert.InRange(tracker.Count, 1, ConnectionTracker.MaxConnections);
    }

    /// <summary>(line number, address) of each sshd failure the built-in rules report.</summary>
    private static List<(int Line, string Address)> Run(params string[] lines)
    {
        var engine = new DetectionEngine(RuleSetBuilder.Build(new SyslogReceiverOptions(), []), 1000);
        var found = new List<(int, string)>();
        var matches = new List<RuleMatch>();
        for (int i = 0; i < lines.Length; i++)
        {
            Assert.True(SyslogParser.TryParse(lines[i], requirePriority: false, out var message, out string? reject), reject);
            matches.Clear();
            engine.Process(message, DateTimeOffset.UnixEpoch, matches, lines[i]);
            found.AddRange(matches.Select(m => (i + 1, m.Address.ToString())));
        }

        return found;
    }
}
