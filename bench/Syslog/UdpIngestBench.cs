using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Receivers.Syslog;
using FirewallGateway.Receivers.Syslog.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Syslog.Bench;

/// <summary>
/// The real receiver (listener, queue, parser, rules) on a loopback UDP port, fed by a load generator in the same
/// process: sent, received by the listener, fully processed, and lost. Rate 0 sends as fast as possible.
/// </summary>
internal static class UdpIngestBench
{
    public static async Task RunAsync(int messages, int rate, int senders)
    {
        var options = new SyslogReceiverOptions
        {
            Enabled = true,
            Udp = new SyslogEndpointOptions { Address = "127.0.0.1", Port = 0 },
            Tcp = new SyslogEndpointOptions { Enabled = false },
            QueueCapacity = 262_144,
        };
        await using var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var sink = new CountingSink();
        using var service = new SyslogReceiverService(
            Microsoft.Extensions.Options.Options.Create(options), sink, new SyslogMetrics(provider.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger<SyslogReceiverService>.Instance);
        await service.StartAsync(CancellationToken.None);
        var metrics = service.Metrics;
        byte[][] datagrams = Datagrams(4096);

        // Each sender is its own thread and socket: on loopback the kernel delivers a datagram in the sender's
        // system call, so one sending thread, not the receiver, is what caps the rate at full speed.
        var watch = Stopwatch.StartNew();
        var sending = new Task[senders];
        for (int s = 0; s < senders; s++)
        {
            int share = (messages / senders) + (s < messages % senders ? 1 : 0);
            int offset = s * 997;
            sending[s] = Task.Factory.StartNew(
                () => Send(service.UdpEndPoint!, datagrams, share, offset, rate / (double)senders, watch),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        await Task.WhenAll(sending);
        double sendSeconds = watch.Elapsed.TotalSeconds;
        long last = -1;
        while (metrics.Processed != last)
        {
            last = metrics.Processed;
            await Task.Delay(200);
        }

        double doneSeconds = watch.Elapsed.TotalSeconds - 0.2;
        long received = metrics.Received;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"udp: target {(rate == 0 ? "max" : rate.ToString(CultureInfo.InvariantCulture))}/s, {senders} sender(s), sent {messages} in {sendSeconds:0.00} s ({messages / sendSeconds:0}/s), received {received}, processed {metrics.Processed} ({metrics.Processed / doneSeconds:0}/s), lost {messages - received} ({100.0 * (messages - received) / messages:0.00}%), queue-full drops {metrics.Rejects("queue-full")}, bans submitted {sink.Count}"));
        await service.StopAsync(CancellationToken.None);
    }

    private static void Send(System.Net.EndPoint target, byte[][] datagrams, int messages, int offset, double rate, Stopwatch watch)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(target);
        for (int i = 0; i < messages; i++)
        {
            client.Send(datagrams[(i + offset) & 4095]);
            if (rate > 0 && (i & 255) == 255)
            {
                // Pace in steps of 256 messages: wait until the schedule catches up.
                double due = (i + 1) / rate;
                while (watch.Elapsed.TotalSeconds < due)
                {
                    Thread.Sleep(0);
                }
            }
        }
    }

    private static byte[][] Datagrams(int count)
    {
        var random = new Random(7);
        var result = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            string text = random.Next(10) < 3
                ? $"<38>Nov 23 05:00:00 web-01 sshd[{i}]: Failed password for root from {random.Next(1, 100)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)} port {random.Next(1024, 65535)} ssh2"
                : $"<86>Nov 23 05:00:00 web-01 CRON[{i}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)";
            result[i] = Encoding.UTF8.GetBytes(text);
        }

        return result;
    }

    private sealed class CountingSink : IReportSink
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public ValueTask<ReportOutcome> SubmitAsync(BanReport report, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult<ReportOutcome>(new ReportOutcome.Rejected("bench", "counted"));
        }
    }
}
