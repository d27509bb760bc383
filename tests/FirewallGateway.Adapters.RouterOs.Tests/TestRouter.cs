using FirewallGateway.Adapters.RouterOs.Api;
using FirewallGateway.Emulators.RouterOs;
using Microsoft.Extensions.Logging.Abstractions;

namespace FirewallGateway.Adapters.RouterOs.Tests;

/// <summary>An emulated router on loopback and the adapters and connections pointed at it.</summary>
internal sealed class TestRouter : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    private TestRouter(RouterOsEmulator emulator)
    {
        Emulator = emulator;
    }

    public RouterOsEmulator Emulator { get; }

    public static async Task<TestRouter> StartAsync(bool tls = false, TimeProvider? time = null)
    {
        var emulator = new RouterOsEmulator(time);
        await emulator.StartAsync(tls);
        return new TestRouter(emulator);
    }

    /// <summary>Settings as an operator writes them under Targets:edge (short timeouts for tests).</summary>
    public Dictionary<string, string?> Settings(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Host"] = "127.0.0.1",
            ["Port"] = Emulator.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["User"] = Emulator.User,
            ["Password"] = Emulator.Password,
            ["ConnectTimeout"] = "00:00:02",
            ["ReadTimeout"] = "00:00:02",
        };
        if (Emulator.Tls)
        {
            settings["Tls"] = "true";
            settings["CertificateFingerprint"] = Emulator.CertificateFingerprint;
        }
        else
        {
            settings["Tls"] = "false";
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    public RouterOsAdapter Adapter(Dictionary<string, string?>? extra = null, TimeProvider? time = null)
    {
        var problems = new List<string>();
        var options = RouterOsOptionsReader.Read(RouterOsOptionsTests.Section(Settings(extra)), problems);
        Assert.Empty(problems);
        var adapter = new RouterOsAdapter("edge", options, RouterOsAdapterKind.Endpoint("Targets:edge", options), time ?? TimeProvider.System, NullLogger.Instance);
        _owned.Add(adapter);
        return adapter;
    }

    public ApiEndpoint Endpoint(string? password = null, string? fingerprint = null, TimeSpan? readTimeout = null) =>
        new("127.0.0.1", Emulator.Port, Emulator.Tls, fingerprint ?? Emulator.CertificateFingerprint, null, Emulator.User,
            password ?? Emulator.Password, TimeSpan.FromSeconds(5), readTimeout ?? TimeSpan.FromSeconds(2));

    public async Task<ApiConnection> ConnectAsync(ApiEndpoint? endpoint = null)
    {
        var connection = await ApiConnector.ConnectAsync(endpoint ?? Endpoint(), TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        _owned.Add(connection);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
