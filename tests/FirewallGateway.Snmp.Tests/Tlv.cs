namespace FirewallGateway.Snmp.Tests;

/// <summary>
/// A tiny BER builder of its own for tests, independent of the production writer, so hand-made packets
/// (malformed on purpose in one place, correct everywhere else) are easy to read.
/// </summary>
internal static class Tlv
{
    public static byte[] Of(byte tag, params byte[][] content)
    {
        byte[] body = content.SelectMany(part => part).ToArray();
        return [tag, .. Length(body.Length), .. body];
    }

    public static byte[] Raw(string hex) => Convert.FromHexString(hex);

    public static byte[] Int(int value) => value is >= -128 and <= 127 ? Of(0x02, [(byte)value]) : Of(0x02, Raw(value.ToString("X8", System.Globalization.CultureInfo.InvariantCulture)));

    public static byte[] Octets(string text) => Of(0x04, System.Text.Encoding.ASCII.GetBytes(text));

    public static byte[] Seq(params byte[][] content) => Of(0x30, content);

    /// <summary>A v2c message around a PDU of <paramref name="pduTag"/> with these varbinds.</summary>
    public static byte[] V2c(byte pduTag, params byte[][] varBinds) => Message(1, pduTag, varBinds);

    public static byte[] Message(int version, byte pduTag, params byte[][] varBinds) =>
        Seq(Int(version), Octets("public"), Of(pduTag, Int(1), Int(0), Int(0), Seq(varBinds)));

    /// <summary>A v2c GetResponse with one varbind: OID 1.3 and the raw value TLV given.</summary>
    public static byte[] WithValue(byte[] value) => V2c(0xA2, Seq(Raw("06012B"), value));

    private static byte[] Length(int length) => length switch
    {
        < 0x80 => [(byte)length],
        < 0x100 => [0x81, (byte)length],
        _ => [0x82, (byte)(length >> 8), (byte)length],
    };
}
