using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FirewallGateway.Api;

namespace FirewallGateway.Cli;

/// <summary>The CLI's view of the gateway's HTTP API, authenticated as an operator.</summary>
internal sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;

    public GatewayClient(Uri baseAddress, string user, string password, string? trustedCertificatePath = null)
    {
        _http = new HttpClient(PinnedCertificate.CreateHandler(trustedCertificatePath)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return await ReadAsync(response, typeInfo, cancellationToken);
    }

    public async Task<TResponse> PostAsync<TRequest, TResponse>(
        string path, TRequest body, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(body, requestInfo);
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        return await ReadAsync(response, responseInfo, cancellationToken);
    }

    public async Task<string> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync(new Uri(path, UriKind.Relative), cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>A request with a JSON body and any method (PATCH).</summary>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body, requestInfo) };
        using var response = await _http.SendAsync(request, cancellationToken);
        return await ReadAsync(response, responseInfo, cancellationToken);
    }

    /// <summary>A POST without a body (actions such as "check now").</summary>
    public async Task<TResponse> PostEmptyAsync<TResponse>(string path, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), null, cancellationToken);
        return await ReadAsync(response, responseInfo, cancellationToken);
    }

    /// <summary>A plain-text answer (the blocklist).</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        await ThrowIfFailedAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)
            ?? throw new CliException("the gateway answered with an empty body");
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        string detail = body;
        try
        {
            if (JsonSerializer.Deserialize(body, ApiJsonContext.Default.ApiError) is { } error)
            {
                detail = error.Field is null ? error.Detail : $"{error.Field}: {error.Detail}";
            }
        }
        catch (JsonException)
        {
        }

        throw new CliException($"{(int)response.StatusCode} {response.ReasonPhrase}: {(string.IsNullOrEmpty(detail) ? "(no detail)" : detail)}");
    }
}

/// <summary>An error the CLI prints as one line and exits non-zero with.</summary>
internal sealed class CliException(string message) : Exception(message);
