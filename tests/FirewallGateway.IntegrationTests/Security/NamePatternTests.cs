using System.Net;
using System.Net.Http.Json;
using FirewallGateway.IntegrationTests.Infrastructure;

namespace FirewallGateway.IntegrationTests.Security;

/// <summary>
/// Names that end up in logs, commands and other systems' configuration refuse a trailing newline: .NET's
/// <c>$</c> also matches before a final "\n", so every name pattern is anchored with <c>\A</c> and <c>\z</c>.
/// </summary>
public sealed class NamePatternTests : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new();
    private HttpClient _operator = null!;

    public Task InitializeAsync()
    {
        _operator = _factory.OperatorClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task CreateLogin_NameWithTrailingNewline_400()
    {
        using var response = await _operator.PostAsJsonAsync("api/v1/credentials", new { name = "web9\n", role = "reporter" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var listed = await _operator.GetAsync("api/v1/credentials");
        Assert.DoesNotContain("web9", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterServer_NameWithTrailingNewline_400()
    {
        using var response = await _operator.PostAsJsonAsync("api/v1/servers", new { name = "mail9\n", address = "1.0.61.9" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
