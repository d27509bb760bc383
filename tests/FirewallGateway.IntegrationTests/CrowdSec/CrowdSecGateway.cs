using System.Net.Http.Json;
using System.Text.Json;

namespace FirewallGateway.IntegrationTests.CrowdSec;

/// <summary>What the CrowdSec tests ask of a running gateway through its operator API.</summary>
internal static class CrowdSecGateway
{
    /// <summary>Registers a bouncer and returns its API key.</summary>
    public static async Task<string> AddBouncerAsync(HttpClient operatorClient, string name)
    {
        using var response = await operatorClient.PostAsJsonAsync("api/v1/crowdsec/bouncers", new { name });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>Registers a machine with the given password.</summary>
    public static async Task AddMachineAsync(HttpClient operatorClient, string machineId, string password)
    {
        using var response = await operatorClient.PostAsJsonAsync("api/v1/crowdsec/machines", new { machineId, password });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>An operator ban; returns the decision id.</summary>
    public static async Task<long> BanAsync(HttpClient operatorClient, string address, string duration = "1h")
    {
        using var response = await operatorClient.PostAsJsonAsync("api/v1/decisions", new { address, duration, reason = "test ban" });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetInt64();
    }

    public static async Task RemoveAsync(HttpClient operatorClient, long decisionId)
    {
        using var response = await operatorClient.DeleteAsync(new Uri($"api/v1/decisions/{decisionId}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The target (or bouncer) row of <c>targets list</c> named <paramref name="name"/>, or null.</summary>
    public static async Task<JsonElement?> TargetAsync(HttpClient operatorClient, string name)
    {
        using var json = JsonDocument.Parse(await operatorClient.GetStringAsync(new Uri("api/v1/targets", UriKind.Relative)));
        foreach (var target in json.RootElement.EnumerateArray())
        {
            if (target.GetProperty("name").GetString() == name)
            {
                return target.Clone();
            }
        }

        return null;
    }

    /// <summary>The active decision on <paramref name="address"/>, or null.</summary>
    public static async Task<JsonElement?> ActiveDecisionAsync(HttpClient operatorClient, string address)
    {
        using var json = JsonDocument.Parse(await operatorClient.GetStringAsync(new Uri($"api/v1/decisions?address={address}", UriKind.Relative)));
        return json.RootElement.GetArrayLength() > 0 ? json.RootElement[0].Clone() : null;
    }
}
