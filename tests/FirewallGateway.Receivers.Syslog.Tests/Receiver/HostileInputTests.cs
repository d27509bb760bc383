using System.Net;
using System.Text;
using FirewallGateway.Receivers.Syslog.Parsing;

namespace FirewallGateway.Receivers.Syslog.Tests.Receiver;

/// <summary>Senders outside the allow-list and malformed input: counted, dropped, and the listeners keep serving.</summary>
public sealed class HostileInputTests
{
    private static readonly IPAddress Allowed = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress Outsider = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Udp_SenderOutsideAllowList_IsDroppedAndCounted()
    {
        await using var receiver = await ReceiverHarness.StartAsync(configure: o => o.AllowedSenders = ["127.0.0.1/32"]);
        byte[][] failures = [.. ReceiverHarness.SshdFailures("1.0.12.1", 5).Select(l => Encoding.UTF8.GetBytes("<38>Jun 12 08:14:48 web-01 sshd[1]: " + l))];

        await receiver.SendUdpAsync(Outsider, failures);
        await receiver.WaitForRejectsAsync(RejectReasons.SenderNotAllowed, 5);
        await receiver.SendUdpAsync(Allowed, [.. ReceiverHarness.SshdFailures("1.0.12.2", 5).Select(l => Encoding.UTF8.GetBytes("<38>Jun 12 08:14:48 web-01 sshd[1]: " + l))]);

        await receiver.WaitForReportAsync("1.0.12.2");
        Assert.DoesNotContain(receiver.Sink.Reports, r => r.Address.ToString() == "1.0.12.1");
    }

    [Fact]
    public async Task Tcp_SenderOutsideAllowList_IsRefusedAndCounted()
    {
        await using var receiver = await ReceiverHarness.StartAsync(configure: o => o.AllowedSenders = ["127.0.0.1"]);
        string lines = string.Concat(ReceiverHarness.SshdFailures("1.0.12.3", 5).Select(l => "<38>Jun 12 08:14:48 web-01 sshd[1]: " + l + "\n"));

        await receiver.SendTcpAsync(Outsider, Encoding.UTF8.GetBytes(lines));
        await receiver.WaitForRejectsAsync(RejectReasons.SenderNotAllowed, 1);
        await receiver.SendTcpAsync(Allowed, Encoding.UTF8.GetBytes(lines.Replace("1.0.12.3", "1.0.12.4", StringComparison.Ordinal)));

        await receiver.WaitForReportAsync("1.0.12.4");
        Assert.DoesNotContain(receiver.Sink.Reports, r => r.Address.ToString() == "1.0.12.3");
    }

    [Fact]
    public async Task Udp_MalformedDatagrams_AreCountedByReasonAndTheListenerKeepsServing()
    {
        await using var receiver = await ReceiverHarness.StartAsync();
        byte[] huge = Encoding.ASCII.GetBytes("<13>" + new string('A', 65_000));
        byte[] invalidUtf8 = [.. "<38>Jun 12 08:14:48 web-01 sshd[1]: Failed password for "u8, 0xFF, 0xFE, .. " from 1.0.13.9 port 1 ssh2"u8];
        byte[] nul = [.. "<38>Jun 12 08:14:48 web-01 sshd[1]: Failed password for root"u8, 0, .. " from 1.0.13.9 port 1 ssh2"u8];

        await receiver.SendUdpAsync(Allowed, "<13"u8.ToArray(), huge, invalidUtf8, nul, "<38>1 garbage"u8.ToArray(), [(byte)'\n']);

        await receiver.WaitForRejectsAsync(RejectReasons.BadPriority, 1);
        await receiver.WaitForRejectsAsync(RejectReasons.TooLarge, 1);
        await receiver.WaitForRejectsAsync(RejectReasons.InvalidUtf8, 1);
        await receiver.WaitForRejectsAsync(RejectReasons.NulByte, 1);
        await receiver.WaitForRejectsAsync(RejectReasons.BadHeader, 1);
        await receiver.WaitForRejectsAsync(RejectReasons.Empty, 1);
        await receiver.LoggerAsync(ReceiverHarness.SshdFailures("1.0.13.1", 5), "--udp", "--rfc3164");
        await receiver.WaitForReportAsync("1.0.13.1");
    }

    [Fact]
    public async Task Tcp_OctetCountLargerThanTheFrame_IsCountedAndTheListenerKeepsServing()
    {
        await using var receiver = await ReceiverHarness.StartAsync();

        await receiver.SendTcpAsync(Allowed, "500 <13>short frame, then the sender hangs up"u8.ToArray());
        await receiver.WaitForRejectsAsync(RejectReasons.TruncatedFrame, 1);
        await receiver.SendTcpAsync(Allowed, "99999999 <13>x"u8.ToArray());
        await receiver.WaitForRejectsAsync(RejectReasons.TooLarge, 1);
        await receiver.SendTcpAsync(Allowed, "12x<13>x\n"u8.ToArray());
        await receiver.WaitForRejectsAsync(RejectReasons.BadFrame, 1);

        await receiver.LoggerAsync(ReceiverHarness.SshdFailures("1.0.13.2", 5), "--tcp", "--rfc5424", "--octet-count");
        await receiver.WaitForReportAsync("1.0.13.2");
    }

    [Fact]
    public async Task Udp_MikroTikDefaultFormat_BansAfterFiveLoginFailures()
    {
        await using var receiver = await ReceiverHarness.StartAsync();
        await receiver.SendUdpAsync([.. Enumerable.Range(0, 5).Select(i => $"<26>system,error,critical login failure for user admin{i} from 1.0.14.1 via winbox")]);

        var report = await receiver.WaitForReportAsync("1.0.14.1");
        Assert.Equal("mikrotik-login", report.Rule);
        Assert.Equal("127.0.0.1", report.Host);
    }
}
