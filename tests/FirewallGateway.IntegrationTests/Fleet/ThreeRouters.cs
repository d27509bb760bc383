using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FirewallGateway.Emulators.RouterOs;
using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.IntegrationTests.Fleet;

/// <summary>
/// A real gateway process driving three RouterOS targets (API emulators on loopback): <c>edge</c> (no server,
/// takes everything), <c>web1</c> and <c>honeypot</c> (targets that tests register as servers of the same name).
/// It also records the most entries each router ever held and every address it held, sampled every few milliseconds.
/// </summary>
internal sealed class ThreeRouters : IAsyncDisposable
{
    public static readonly string[] Names = ["edge", "web1", "honeypot"];
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _most = Names.ToDictionary(n => n, _ => 0);
    private readonly Dictionary<string, HashSet<string>> _ever = Names.ToDictionary(n => n, _ => new HashSet<string>());
    private Task _sampler = Task.CompletedTask;

    private ThreeRouters()
    {
    }

    public Dictionary<string, RouterOsEmulator> Routers { get; } = Names.ToDictionary(n => n, _ => new RouterOsEmulator());

    public GatewayProcess Gateway { get; private set; } = null!;

    public static async Task<ThreeRouters> StartAsync()
    {
        var fleet = new ThreeRouters();
        var settings = new Dictionary<string, string>
        {
            ["Dispatch:ReconcileInterval"] = "00:00:02",
            ["Dispatch:RetryInitialDelay"] = "00:00:00.100",
            ["Dispatch:RetryMaxDelay"] = "00:00:00.500",
            ["Dispatch:PollInterval"] = "00:00:01",
        };
        foreach (var (name, router) in fleet.Routers)
        {
            await router.StartAsync();
            settings[$"Targets:{name}:Kind"] = "routeros";
            settings[$"Targets:{name}:Tls"] = "false"; // the emulator speaks plain API here
            settings[$"Targets:{name}:Host"] = "127.0.0.1";
            settings[$"Targets:{name}:Port"] = router.Port.ToString(CultureInfo.InvariantCulture);
            settings[$"Targets:{name}:User"] = router.User;
            settings[$"Targets:{name}:Password"] = router.Password;
            settings[$"Targets:{name}:ConnectTimeout"] = "00:00:02";
        }

        fleet.Gateway = await GatewayProcess.StartAsync(settings);
        fleet._sampler = Task.Run(fleet.SampleAsync);
        return fleet;
    }

    /// <summary>The addresses router <paramref name="name"/> holds now.</summary>
    public IReadOnlySet<string> Held(string name) => Routers[name].Entries().Select(e => e.Address).ToHashSet();

    /// <summary>The most entries router <paramref name="name"/> held at any sample so far.</summary>
    public int MostHeld(string name)
    {
        lock (_most)
        {
            return _most[name];
        }
    }

    /// <summary>Whether router <paramref name="name"/> held <paramref name="address"/> at any sample so far.</summary>
    public bool EverHeld(string name, string address)
    {
        lock (_most)
        {
            return _ever[name].Contains(address);
        }
    }

    /// <summary>Registers a server through the API and returns its reporter password.</summary>
    public async Task<string> RegisterAsync(object server)
    {
        using var client = Gateway.OperatorClient();
        using var response = await client.PostAsJsonAsync("api/v1/servers", server);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("password").GetString()!;
    }

    public static async Task ReportAsync(HttpClient reporter, string address)
    {
        using var response = await reporter.PostAsync("api/v1/reports", JsonContent.Create(new { ip = address, jail = "sshd" }));
        Assert.True(response.IsSuccessStatusCode, $"{address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        await Gateway.DisposeAsync();
        foreach (var router in Routers.Values)
        {
            await router.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var (name, router) in Routers)
            {
                var entries = router.Entries();
                lock (_most)
                {
                    _most[name] = Math.Max(_most[name], entries.Count);
                    _ever[name].UnionWith(entries.Select(e => e.Address));
                }
            }

            await Task.Delay(5, CancellationToken.None);
        }
    }
}
