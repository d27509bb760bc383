using System.Globalization;
using System.Security.Cryptography;
using FirewallGateway.Snmp;

namespace FirewallGateway.Receivers.SnmpTrap.Security;

/// <summary>
/// This receiver as an authoritative SNMP engine (for v3 informs, RFC 3414 §2.2): its snmpEngineID, the boot
/// counter (raised at every start and kept in <c>&lt;data&gt;/snmp-engine</c>, so a restart can never replay
/// an old boots/time pair) and the engine time, seconds since this start.
/// </summary>
internal sealed class LocalEngine
{
    public const string FileName = "snmp-engine";

    private readonly TimeProvider _time;
    private readonly long _startTimestamp;

    private LocalEngine(byte[] engineId, int boots, TimeProvider time)
    {
        EngineId = engineId;
        Boots = boots;
        _time = time;
        _startTimestamp = time.GetTimestamp();
    }

    public byte[] EngineId { get; }

    public int Boots { get; }

    /// <summary>snmpEngineTime: whole seconds since this start.</summary>
    public int Time => (int)Math.Min(int.MaxValue, (long)_time.GetElapsedTime(_startTimestamp).TotalSeconds);

    public string EngineIdHex => Convert.ToHexString(EngineId);

    /// <summary>
    /// Reads the kept engine ID and boots from <paramref name="dataDirectory"/>, raises boots and writes them back
    /// (write-then-rename, so a crash leaves the old file). A configured engine ID replaces a kept one, and boots
    /// restart at 1 for it, as for a new engine.
    /// </summary>
    public static LocalEngine Start(string dataDirectory, byte[]? configuredEngineId, TimeProvider time)
    {
        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(dataDirectory, FileName);
        byte[]? keptId = null;
        int keptBoots = 0;
        if (File.Exists(path))
        {
            string[] lines = File.ReadAllLines(path);
            if (lines.Length < 2 || !TryParseHex(lines[0].Trim(), out keptId)
                || !int.TryParse(lines[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out keptBoots))
            {
                throw new InvalidDataException($"{path}: expected the engine ID in hex and the boot count on two lines; fix or delete the file");
            }
        }

        byte[] engineId = configuredEngineId ?? keptId ?? NewEngineId();
        int boots = keptId is not null && engineId.AsSpan().SequenceEqual(keptId) ? (int)Math.Min(Usm.MaxEngineBoots, (long)keptBoots + 1) : 1;
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{Convert.ToHexString(engineId)}\n{boots}\n"));
        File.Move(temporary, path, overwrite: true);
        return new LocalEngine(engineId, boots, time);
    }

    /// <summary>Hex octets (an optional <c>0x</c> and <c>:</c> or space separators allowed), 5 to 32 of them (RFC 3411 SnmpEngineID).</summary>
    public static bool TryParseHex(string? text, out byte[] engineId)
    {
        engineId = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string digits = text.Trim();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        digits = digits.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (digits.Length % 2 != 0 || digits.Length < 10 || digits.Length > 64 || !digits.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        engineId = Convert.FromHexString(digits);
        return true;
    }

    /// <summary>
    /// RFC 3411 format: first bit set, an enterprise number (0: this software has no IANA number), format 5
    /// (administratively assigned octets), then 12 random octets, so two gateways never share an engine ID.
    /// </summary>
    private static byte[] NewEngineId()
    {
        byte[] id = new byte[17];
        id[0] = 0x80;
        id[4] = 0x05;
        RandomNumberGenerator.Fill(id.AsSpan(5));
        return id;
    }
}
