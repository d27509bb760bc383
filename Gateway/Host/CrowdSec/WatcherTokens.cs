using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FirewallGateway.Hosting;
using Microsoft.Extensions.Options;

namespace FirewallGateway.CrowdSec;

/// <summary>
/// The JSON Web Tokens a CrowdSec agent gets from <c>POST /v1/watchers/login</c> and sends as a Bearer token.
/// HS256 signed with a key of this gateway (32 random bytes in <c>&lt;DataDirectory&gt;/crowdsec-jwt.key</c>,
/// mode 600, so tokens survive a restart). Only tokens this class issued validate: the header must be exactly
/// ours, which rules out "alg: none" and algorithm confusion without a general JWT parser.
/// </summary>
internal sealed class WatcherTokens
{
    private const string KeyFileName = "crowdsec-jwt.key";
    private static readonly string Header = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);

    private readonly Lazy<byte[]> _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public WatcherTokens(IOptions<GatewayOptions> gateway, IOptions<CrowdSecOptions> options, TimeProvider time)
    {
        _time = time;
        _lifetime = options.Value.TokenLifetime;
        string path = Path.Combine(gateway.Value.DataDirectory, KeyFileName);
        _key = new Lazy<byte[]>(() => LoadOrCreateKey(path));
    }

    /// <summary>A token for <paramref name="machineId"/> and when it lapses.</summary>
    public (string Token, DateTimeOffset Expires) Issue(string machineId)
    {
        var now = _time.GetUtcNow();
        var expires = now + _lifetime;
        var payload = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteString("id", machineId);
            writer.WriteNumber("exp", expires.ToUnixTimeSeconds());
            writer.WriteNumber("orig_iat", now.ToUnixTimeSeconds());
            writer.WriteEndObject();
        }

        string signed = Header + "." + Base64Url(payload.WrittenSpan);
        return (signed + "." + Base64Url(Sign(signed)), expires);
    }

    /// <summary>The machine id of a valid, unexpired token of ours, or null.</summary>
    public string? Validate(string token)
    {
        string[] parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Header)
        {
            return null;
        }

        byte[] signature;
        byte[] payload;
        try
        {
            signature = FromBase64Url(parts[2]);
            payload = FromBase64Url(parts[1]);
        }
        catch (FormatException)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
        {
            return null;
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return null;
        }

        using var document = json;
        var root = json.RootElement;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out long expires)
            && expires > _time.GetUtcNow().ToUnixTimeSeconds()
            && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }

    private byte[] Sign(string signed) => HMACSHA256.HashData(_key.Value, Encoding.ASCII.GetBytes(signed));

    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path))
        {
            byte[] existing = File.ReadAllBytes(path);
            return existing.Length >= 32 ? existing : throw new InvalidOperationException($"{path} holds fewer than 32 bytes; delete it to get a new key");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        byte[] key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var file = new FileStream(path, options);
            file.Write(key);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another request created it first: use that one, so both tokens validate.
            return LoadOrCreateKey(path);
        }
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        string padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
