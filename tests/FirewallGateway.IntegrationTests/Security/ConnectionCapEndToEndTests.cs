using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;
using Xunit.Abstractions;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>
/// Connections past <c>Limits:MaxConnections</c> on the real gateway process get a quick 503 with Retry-After (which
/// curl --retry retries), over HTTP and inside TLS, not a reset; past the hard ceiling
/// (<c>MaxConnections + MaxShedConnections</c>) they are closed at once, and memory stays bounded.
/// </summary>
public sealed class ConnectionCapEndToEndTests : IDisposable
{
    /// <summary>The smallest <c>Limits:MaxConnections</c>: the tests hold that many connections open.</summary>
    private const int Cap = 16;

    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(20);

    private readonly string _folder = Directory.CreateTempSubdirectory("fwgw-overcap-").FullName;
    private readonly ITestOutputHelper _output;

    public ConnectionCapEndToEndTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task PastMaxConnections_PlainHttp_Gets503WithRetryAfterAndAClean_Close_ThenIsServedOnceHeldConnectionsGo()
    {
        await using var gateway = await GatewayProcess.StartAsync(Limits(shed: 64));
        using (await HeldConnections.OpenAsync(gateway.Port, Cap))
        {
            // Before: Kestrel closed this connection without a byte (curl: "Empty reply from server", not retried).
            var answer = await RawHttp.ExchangeAsync(gateway.Port, RawHttp.HealthRequest, AnswerBound);
            _output.WriteLine($"over the cap: {answer.Ending} after {answer.Took.TotalMilliseconds:F0} ms:\n{answer.Text}");
            Assert.True(answer.Is503, $"expected a 503, got {answer.Ending}: '{answer.Text}'");
            Assert.Contains("\r\nRetry-After: 4\r\n", answer.Text, StringComparison.Ordinal);
            Assert.Contains("\r\nConnection: close\r\n", answer.Text, StringComparison.Ordinal);
            Assert.Contains("\"error\":\"overloaded\"", answer.Text, StringComparison.Ordinal);

            // The gateway ended the connection itself (a half-close) right after the answer: no reset, no waiting.
            Assert.Equal("closed", answer.Ending);
        }

        await Eventually.WaitUntilAsync(
            async () => (await RawHttp.ExchangeAsync(gateway.Port, RawHttp.HealthRequest, AnswerBound)).Text.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "a 200 once the held connections closed");
    }

    [Fact]
    public async Task PastMaxConnections_Https_Gets503WithRetryAfterInsideTls_EvenToHttp2Clients_ThenIsServedOnceHeldConnectionsGo()
    {
        var (certificate, key) = SelfSignedCertificate.Write(_folder, "gateway");
        int httpsPort = Loopback.FreeTcpPort();
        await using var gateway = await GatewayProcess.StartAsync(Https(Limits(shed: 64), certificate, key), additionalUrl: $"https://127.0.0.1:{httpsPort}");
        using var trusted = X509Certificate2.CreateFromPemFile(certificate, key);
        using var client = TrustingClient(trusted, httpsPort);
        using (await HeldConnections.OpenAsync(gateway.Port, Cap))
        {
            // A client that prefers HTTP/2 (as curl does over TLS) is answered over HTTP/1.1: the shed connection
            // is offered nothing else, so Connection: close ends it at once.
            foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "health") { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
                using var answer = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
                Assert.Equal(HttpVersion.Version11, answer.Version);
                Assert.Equal(TimeSpan.FromSeconds(4), answer.Headers.RetryAfter?.Delta);
                Assert.True(answer.Headers.ConnectionClose, "the shed connection is closed after its answer");
                Assert.Contains("overloaded", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        await Eventually.WaitUntilAsync(
            async () =>
            {
                using var answer = await client.GetAsync("health");
                return answer.StatusCode == HttpStatusCode.OK;
            },
            TimeSpan.FromSeconds(30),
            "a 200 over HTTPS once the held connections closed");
        Assert.DoesNotContain("headers have been removed", gateway.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PastTheHardCeiling_ConnectionsAreClosedAtOnce_AndAFloodOfConnectionsLeavesMemoryBounded()
    {
        await using var gateway = await GatewayProcess.StartAsync(Limits(shed: 4));
        using var held = await HeldConnections.OpenAsync(gateway.Port, Cap);

        // Four shed connections that got their 503 but do not close: each keeps its place in the shed ceiling
        // (MaxShedConnections 4) until the gateway's 10-s limit for a shed connection ends it.
        var lingering = new List<Socket>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                lingering.Add(await ConnectAndRead503Async(gateway.Port));
            }

            var beyond = await RawHttp.ExchangeAsync(gateway.Port, RawHttp.HealthRequest, AnswerBound);
            _output.WriteLine($"past the ceiling: {beyond.Ending} after {beyond.Took.TotalMilliseconds:F0} ms, {beyond.Text.Length} bytes");
            Assert.Equal(string.Empty, beyond.Text);
            Assert.NotEqual("timeout", beyond.Ending);
        }
        finally
        {
            lingering.ForEach(s => s.Dispose());
        }

        // Room in the ceiling again: the 503 comes back.
        await Eventually.WaitUntilAsync(
            async () => (await RawHttp.ExchangeAsync(gateway.Port, RawHttp.HealthRequest, AnswerBound)).Is503,
            TimeSpan.FromSeconds(30),
            "a 503 once the lingering shed connections closed");

        // 3,000 connections over the cap, 100 at a time: every one gets a 503 or is closed (none hangs), and the
        // process does not keep what they cost.
        long rssBefore = RssMegabytes(gateway.ProcessId);
        long rssPeak = rssBefore;
        int answered = 0, closed = 0;
        for (int wave = 0; wave < 30; wave++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => RawHttp.ExchangeAsync(gateway.Port, RawHttp.HealthRequest, AnswerBound)));
            Assert.DoesNotContain(answers, a => a.Ending == "timeout");
            answered += answers.Count(a => a.Is503);
            closed += answers.Count(a => a.Text.Length == 0);
            rssPeak = Math.Max(rssPeak, RssMegabytes(gateway.ProcessId));
        }

        _output.WriteLine($"3000 connections over the cap: {answered} × 503, {closed} closed unanswered; RSS {rssBefore} MB before, peak {rssPeak} MB");
        Assert.Equal(3000, answered + closed);
        Assert.True(answered > 0, "some of the flood got its 503");
        Assert.True(rssPeak - rssBefore < 100, $"RSS grew from {rssBefore} MB to {rssPeak} MB");
    }

    [Fact]
    public async Task Fail2banSampleAction_OverHttps_RetriesTheConnectionLevel503_AndTheBanLandsOnceTheOverloadEnds()
    {
        var (certificate, key) = SelfSignedCertificate.Write(_folder, "gateway");
        int httpsPort = Loopback.FreeTcpPort();
        // Retry-After 4 s: the sample action's 8 retries span 32 s, time enough to see the 503 and end the overload.
        await using var gateway = await GatewayProcess.StartAsync(Https(Limits(shed: 64), certificate, key), additionalUrl: $"https://127.0.0.1:{httpsPort}");
        string credentials = await gateway.CreateReporterCurlConfigAsync("web1");

        // The operator's client keeps one connection of the cap (opened first), to watch the gateway meanwhile.
        using var operatorClient = OneConnectionOperatorClient(gateway);
        Assert.DoesNotContain("1.0.73.1", await ActiveAsync(operatorClient));
        await using var fail2ban = await Fail2banServer.StartAsync(
            "gwcap",
            $"firewallgateway[gateway_url=\"https://127.0.0.1:{httpsPort}\", cacert=\"{certificate}\", credentials=\"{credentials}\"]",
            new Dictionary<string, string> { ["firewallgateway.conf"] = RepositoryPaths.Fail2banAction });

        using (await HeldConnections.OpenAsync(gateway.Port, Cap - 1))
        {
            // Failures in the watched log, so fail2ban bans on its own (a banip command would wait for the action).
            fail2ban.AppendFailures("1.0.73.1", 5);

            // curl's connection was over the cap and got the 503 inside TLS (counted by the gateway).
            await Eventually.WaitUntilAsync(
                async () => ShedCount(await operatorClient.GetStringAsync("metrics"), "tls") > 0,
                TimeSpan.FromSeconds(60),
                $"curl's connection answered 503 over TLS (fail2ban log:\n{fail2ban.ReadLog()})");
            Assert.DoesNotContain("1.0.73.1", await ActiveAsync(operatorClient));
            _output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} curl was shed; the held connections close");
        }

        await Eventually.WaitUntilAsync(
            async () => (await ActiveAsync(operatorClient)).Contains("1.0.73.1"),
            TimeSpan.FromSeconds(60),
            $"the ban, delivered by curl's retry once the held connections closed (fail2ban log:\n{fail2ban.ReadLog()})");
        Assert.DoesNotContain("ERROR", fail2ban.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NegativeMaxShedConnections_StopsTheStart_NamingTheKey()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(new Dictionary<string, string> { ["Limits:MaxShedConnections"] = "-1" }));
        Assert.Contains("configuration error: Limits:MaxShedConnections:", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Dictionary<string, string> Limits(int shed) => new()
    {
        ["Limits:MaxConnections"] = Cap.ToString(CultureInfo.InvariantCulture),
        ["Limits:MaxShedConnections"] = shed.ToString(CultureInfo.InvariantCulture),
        ["Limits:RetryAfterSeconds"] = "4",
    };

    private static Dictionary<string, string> Https(Dictionary<string, string> settings, string certificate, string key)
    {
        settings["Kestrel:Certificates:Default:Path"] = certificate;
        settings["Kestrel:Certificates:Default:KeyPath"] = key;
        return settings;
    }

    /// <summary>An HTTPS client that trusts exactly the gateway's certificate, one connection per request (a new one over the cap each time).</summary>
    private static HttpClient TrustingClient(X509Certificate2 trusted, int port) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.Zero,
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == trusted.GetCertHashString() },
    })
    {
        BaseAddress = new Uri($"https://127.0.0.1:{port}/"),
        Timeout = AnswerBound,
    };

    private static HttpClient OneConnectionOperatorClient(GatewayProcess gateway)
    {
        var (user, password) = gateway.OperatorLogin();
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = gateway.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    private static async Task<string> ActiveAsync(HttpClient operatorClient) => await operatorClient.GetStringAsync("api/v1/decisions?limit=1000");

    /// <summary>The gateway's count of shed connections with that outcome, from /metrics.</summary>
    private static long ShedCount(string metrics, string outcome)
    {
        var line = Regex.Match(metrics, $@"^\w*http_connections_shed\w*\{{[^}}]*outcome=""{outcome}""[^}}]*\}} (\d+)", RegexOptions.Multiline);
        return line.Success ? long.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>A connection over the cap that reads its 503 and then stays open (it does not close its side).</summary>
    private static async Task<Socket> ConnectAndRead503Async(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\n"), SocketFlags.None);
            using var timeout = new CancellationTokenSource(AnswerBound);
            var buffer = new byte[4096];
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.StartsWith("HTTP/1.1 503 ", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static long RssMegabytes(int pid) =>
        long.Parse(
            File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture) / 1024;
}
