namespace FirewallGateway.Receivers.Syslog.Tests.Receiver;

/// <summary>util-linux logger (a real syslog client) against the real listeners.</summary>
public sealed class LoggerClientTests
{
    [Theory]
    [InlineData("127.0.0.1", "--rfc3164", "1.0.10.1")]
    [InlineData("127.0.0.1", "--rfc5424", "1.0.10.2")]
    [InlineData("::1", "--rfc3164", "2a00:1450::10:3")]
    [InlineData("::1", "--rfc5424", "1.0.10.4")]
    public async Task Udp_FiveSshdFailures_RaiseOneBanWithProvenance(string bind, string format, string attacker)
    {
        await using var receiver = await ReceiverHarness.StartAsync(bind);
        await receiver.LoggerAsync(ReceiverHarness.SshdFailures(attacker, 5), "--udp", format);

        var report = await receiver.WaitForReportAsync(attacker);
        Assert.Equal("sshd", report.Rule);
        Assert.Equal(5, report.Failures);
        Assert.Equal(Core.Decisions.ReportSource.Syslog, report.Source);
        Assert.Equal("syslog:" + bind, report.Reporter);
        Assert.Equal(Environment.MachineName, report.Host);
        Assert.Contains(attacker, report.Evidence, StringComparison.Ordinal);
        Assert.Single(receiver.Sink.Reports);
    }

    [Fact]
    public async Task Udp_FourFailures_RaiseNoBan()
    {
        await using var receiver = await ReceiverHarness.StartAsync();
        await receiver.LoggerAsync(ReceiverHarness.SshdFailures("1.0.10.5", 4), "--udp", "--rfc3164");
        await receiver.LoggerAsync(ReceiverHarness.SshdFailures("1.0.10.6", 5), "--udp", "--rfc3164");

        await receiver.WaitForReportAsync("1.0.10.6");
        Assert.DoesNotContain(receiver.Sink.Reports, r => r.Address.ToString() == "1.0.10.5");
    }

    [Theory]
    [InlineData("--rfc5424", "--octet-count", "1.0.11.1")]
    [InlineData("--rfc5424", "--tcp", "1.0.11.2")]
    [InlineData("--rfc3164", "--tcp", "1.0.11.3")]
    public async Task Tcp_FiveSshdFailures_RaiseOneBan(string format, string framing, string attacker)
    {
        await using var receiver = await ReceiverHarness.StartAsync();
        string[] arguments = framing == "--octet-count" ? ["--tcp", format, framing] : ["--tcp", format];
        await receiver.LoggerAsync(ReceiverHarness.SshdFailures(attacker, 5), arguments);

        var report = await receiver.WaitForReportAsync(attacker);
        Assert.Equal(5, report.Failures);
    }
}
