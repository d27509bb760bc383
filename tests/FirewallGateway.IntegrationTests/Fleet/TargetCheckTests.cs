using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FirewallGateway.Core.Enforcement;
using FirewallGateway.IntegrationTests.Infrastructure;
using FirewallGateway.TestSupport;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>On-demand target check: reachable / authenticated / ready, the error text, and last contact recorded.</summary>
public sealed class TargetCheckTests : IAsyncLifetime
{
    private readonly TcpListener _good = new(IPAddress.Loopback, 0);
    private readonly TcpListener _wrongLogin = new(IPAddress.Loopback, 0);
    private readonly int _closedPort = Loopback.FreeTcpPort();
    private readonly CancellationTokenSource _stop = new();
    private GatewayFactory _base = null!;
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _operator = null!;

    public Task InitializeAsync()
    {
        _good.Start();
        _wrongLogin.Start();
        _ = ServeAsync(_good, "OK fwgw-blocklist");
        _ = ServeAsync(_wrongLogin, "ERR authentication failed for user gateway");
        _base = new GatewayFactory(new Dictionary<string, string>
        {
            ["Targets:edge:Kind"] = "loopback-probe",
            ["Targets:edge:Port"] = Port(_good),
            ["Targets:branch:Kind"] = "loopback-probe",
            ["Targets:branch:Port"] = Port(_wrongLogin),
            ["Targets:gone:Kind"] = "loopback-probe",
            ["Targets:gone:Port"] = _closedPort.ToString(CultureInfo.InvariantCulture),
        });
        _factory = _base.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IFirewallAdapterKind, LoopbackProbeKind>()));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _good.Stop();
        _wrongLogin.Stop();
        _operator?.Dispose();
        await _factory.DisposeAsync();
        await _base.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task Check_EachTarget_SaysWhatWorksShowsTheErrorAndRecordsLastContact()
    {
        _operator = OperatorClient();

        using var edge = JsonDocument.Parse(await PostAsync("api/v1/targets/edge/check"));
        Assert.True(edge.RootElement.GetProperty("healthy").GetBoolean());
        Assert.Contains("fwgw-blocklist", edge.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var branch = JsonDocument.Parse(await PostAsync("api/v1/targets/branch/check"));
        Assert.True(branch.RootElement.GetProperty("reachable").GetBoolean());
        Assert.False(branch.RootElement.GetProperty("authenticated").GetBoolean());
        Assert.Contains("authentication failed", branch.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var gone = JsonDocument.Parse(await PostAsync("api/v1/targets/gone/check"));
        Assert.False(gone.RootElement.GetProperty("reachable").GetBoolean());
        Assert.Contains("refused", gone.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        using var targets = JsonDocument.Parse(await _operator.GetStringAsync("api/v1/targets"));
        var byName = targets.RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal("ok", byName["edge"].GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, byName["edge"].GetProperty("lastSuccessAt").ValueKind);
        Assert.Equal("failing", byName["gone"].GetProperty("state").GetString());
        Assert.Contains("refused", byName["gone"].GetProperty("lastError").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("authentication failed", byName["branch"].GetProperty("lastError").GetString(), StringComparison.Ordinal);

        using var all = JsonDocument.Parse(await PostAsync("api/v1/targets/check"));
        Assert.Equal(["branch", "edge", "gone"], all.RootElement.EnumerateArray().Select(c => c.GetProperty("target").GetString()!).Order(StringComparer.Ordinal).ToArray());

        using var unknown = await _operator.PostAsync("api/v1/targets/nosuch/check", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Why_BanOnTargetsThatCannotApplyIt_ShowsReportDecisionExpiryAndEachTargetsStateWithError()
    {
        _operator = OperatorClient();
        using (var ban = await _operator.PostAsync(
            "api/v1/decisions", System.Net.Http.Json.JsonContent.Create(new { address = "1.0.80.1", duration = "3h", reason = "why test" })))
        {
            Assert.Equal(HttpStatusCode.Created, ban.StatusCode);
        }

        var view = await Eventually.WaitForAsync(
            async () => JsonDocument.Parse(await _operator.GetStringAsync("api/v1/addresses/1.0.80.1")).RootElement.Clone(),
            v => v.GetProperty("targets").GetArrayLength() == 3
                && v.GetProperty("targets").EnumerateArray().All(t => t.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String),
            TimeSpan.FromSeconds(30),
            "every target's state with its error");
        Assert.Equal("active", view.GetProperty("decision").GetProperty("state").GetString());
        Assert.True(view.GetProperty("decision").GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(2));
        var report = Assert.Single(view.GetProperty("reports").EnumerateArray());
        Assert.Equal("why test", report.GetProperty("reason").GetString());
        Assert.Equal(["branch", "edge", "gone"], view.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("target").GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.All(view.GetProperty("targets").EnumerateArray(), t =>
        {
            Assert.NotEqual("applied", t.GetProperty("state").GetString());
            Assert.Contains("enforces nothing", t.GetProperty("error").GetString(), StringComparison.Ordinal);
        });
    }

    private HttpClient OperatorClient()
    {
        var client = _factory.CreateClient(); // starts the host, which writes the admin login
        string line = File.ReadAllLines(Path.Combine(_base.Folder, "data", "admin.credentials"))[0];
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(line)));
        return client;
    }

    private async Task<string> PostAsync(string path)
    {
        using var response = await _operator.PostAsync(path, null);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }

    private static string Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

    private async Task ServeAsync(TcpListener listener, string greeting)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(_stop.Token);
                await using var writer = new StreamWriter(client.GetStream());
                await writer.WriteLineAsync(greeting);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }
}
