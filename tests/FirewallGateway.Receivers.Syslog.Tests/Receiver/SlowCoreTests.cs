using System.Net;
using System.Text;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Receivers.Syslog.Parsing;

namespace FirewallGateway.Receivers.Syslog.Tests.Receiver;

/// <summary>The listener never waits on the core: a core that never answers costs dropped bans, not lost messages.</summary>
public sealed class SlowCoreTests
{
    [Fact]
    public async Task Udp_CoreNeverAnswers_ListenerKeepsProcessingAndCountsDroppedBans()
    {
        var stuck = new StuckSink();
        await using var receiver = await ReceiverHarness.StartAsync(configure: o => o.ReportQueueCapacity = 16, sink: stuck);
        var datagrams = new List<byte[]>();
        for (int a = 1; a <= 40; a++)
        {
            datagrams.AddRange(ReceiverHarness.SshdFailures($"1.0.30.{a}", 5).Select(l => Encoding.UTF8.GetBytes("<38>Jun 12 08:14:48 web-01 sshd[1]: " + l)));
        }

        await receiver.SendUdpAsync(IPAddress.Loopback, [.. datagrams]);

        // 40 bans: at most 4 held by the stuck submitters and 16 queued, so at least 20 are dropped and counted
        // (more when the submitters start after the queue filled; that ordering is the scheduler's, not ours).
        await receiver.WaitForRejectsAsync(RejectReasons.ReportQueueFull, 20);
        await FirewallGateway.TestSupport.Eventually.WaitUntilAsync(
            () => Task.FromResult(receiver.Metrics.Processed == 200), TimeSpan.FromSeconds(15), "all 200 messages processed");
        await FirewallGateway.TestSupport.Eventually.WaitUntilAsync(
            () => Task.FromResult(stuck.Waiting == 4), TimeSpan.FromSeconds(15), "every submitter holding one ban");
        Assert.InRange(receiver.Metrics.Rejects(RejectReasons.ReportQueueFull), 20, 40 - 16);
    }

    private sealed class StuckSink : IReportSink
    {
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

        public async ValueTask<ReportOutcome> SubmitAsync(BanReport report, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _waiting);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
