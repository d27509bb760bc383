using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FirewallGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The whole gateway in-process over a real SQLite file in a temp folder (TodoApi's TodoApplication pattern),
/// for API behaviour tests that need no second process.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fwgw-waf-").FullName;
    private readonly Dictionary<string, string> _settings;

    public GatewayFactory(IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = new Dictionary<string, string>(settings ?? new Dictionary<string, string>());
    }

    public string Folder => _folder;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Gateway:DataDirectory", Path.Combine(_folder, "data"));
        builder.UseSetting("Storage:SqlitePath", Path.Combine(_folder, "data", "firewallgateway.db"));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient ClientFor(string user, string password)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    public HttpClient OperatorClient()
    {
        _ = Server; // starts the host, which writes the admin login
        string line = File.ReadAllLines(Path.Combine(_folder, "data", "admin.credentials"))[0];
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        return ClientFor(line[..colon], line[(colon + 1)..]);
    }

    public async Task<HttpClient> ReporterClientAsync(string name)
    {
        using var op = OperatorClient();
        using var response = await op.PostAsJsonAsync("api/v1/credentials", new { name, role = "reporter" });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ClientFor(name, json.RootElement.GetProperty("password").GetString()!);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
