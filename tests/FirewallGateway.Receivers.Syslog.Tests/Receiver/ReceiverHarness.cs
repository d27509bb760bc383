using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FirewallGateway.Core.Decisions;
using FirewallGateway.Receivers.Syslog.Pipeline;
using FirewallGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Receivers.Syslog.Tests.Receiver;

/// <summary>The real receiver service on port 0 of a loopback address, with a recording sink.</summary>
internal sealed class ReceiverHarness : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly ServiceProvider _provider;
    private readonly SyslogReceiverService _service;

    private ReceiverHarness(ServiceProvider provider, SyslogReceiverService service, RecordingSink sink, string bind)
    {
        _provider = provider;
        _service = service;
        Sink = sink;
        Bind = bind;
    }

    public RecordingSink Sink { get; }

    public string Bind { get; }

    public int UdpPort => _service.UdpEndPoint!.Port;

    public int TcpPort => _service.TcpEndPoint!.Port;

    public SyslogMetrics Metrics => _service.Metrics;

    public static async Task<ReceiverHarness> StartAsync(
        string bind = "127.0.0.1", Action<SyslogReceiverOptions>? configure = null, IReportSink? sink = null, TimeProvider? time = null)
    {
        var options = new SyslogReceiverOptions
        {
            Enabled = true,
            Udp = new SyslogEndpointOptions { Address = bind, Port = 0 },
            Tcp = new SyslogEndpointOptions { Address = bind, Port = 0 },
        };
        configure?.Invoke(options);
        var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var recording = new RecordingSink();
        var service = new SyslogReceiverService(
            Microsoft.Extensions.Options.Options.Create(options),
            sink ?? recording,
            new SyslogMetrics(provider.GetRequiredService<IMeterFactory>()),
            time ?? TimeProvider.System,
            NullLogger<SyslogReceiverService>.Instance);
        await service.StartAsync(CancellationToken.None);
        return new ReceiverHarness(provider, service, recording, bind);
    }

    /// <summary>util-linux logger, one message per stdin line.</summary>
    public async Task LoggerAsync(IEnumerable<string> lines, params string[] transport)
    {
        var arguments = new List<string> { "--server", Bind, "--port", (transport.Contains("--tcp") ? TcpPort : UdpPort).ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "sshd", "-p", "auth.info" };
        arguments.AddRange(transport);
        var result = await ProcessRunner.RunAsync("logger", arguments, string.Join('\n', lines) + "\n", TimeSpan.FromSeconds(20));
        result.EnsureSuccess("logger");
    }

    /// <summary>Sends raw datagrams from <paramref name="from"/> (any loopback address of ours).</summary>
    public async Task SendUdpAsync(IPAddress from, params byte[][] datagrams)
    {
        using var client = new Socket(from.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(from, 0));
        var target = new IPEndPoint(IPAddress.Parse(Bind), UdpPort);
        foreach (byte[] datagram in datagrams)
        {
            await client.SendToAsync(datagram, SocketFlags.None, target);
        }
    }

    public Task SendUdpAsync(params string[] messages) =>
        SendUdpAsync(IPAddress.Parse(Bind), [.. messages.Select(Encoding.UTF8.GetBytes)]);

    /// <summary>Writes raw bytes on one TCP connection from <paramref name="from"/> and closes it.</summary>
    public async Task SendTcpAsync(IPAddress from, byte[] bytes)
    {
        using var client = new Socket(from.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        client.Bind(new IPEndPoint(from, 0));
        using var cts = new CancellationTokenSource(Timeout);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Parse(Bind), TcpPort), cts.Token);
        await client.SendAsync(bytes, SocketFlags.None, cts.Token);
        client.Shutdown(SocketShutdown.Both);
    }

    public Task<BanReport> WaitForReportAsync(string address) =>
        Eventually.WaitForAsync(
            () => Task.FromResult(Sink.Reports.FirstOrDefault(r => r.Address.ToString() == address)),
            r => r is not null,
            Timeout,
            $"a ban report for {address}")!;

    public Task WaitForRejectsAsync(string reason, long count) =>
        Eventually.WaitUntilAsync(() => Task.FromResult(Metrics.Rejects(reason) >= count), Timeout, $"{count} reject(s) of reason {reason}");

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await _service.StopAsync(cts.Token);
        _service.Dispose();
        await _provider.DisposeAsync();
    }

    public static IEnumerable<string> SshdFailures(string address, int count) =>
        Enumerable.Range(0, count).Select(i => $"Failed password for root from {address} port {40000 + i} ssh2");
}
