namespace FirewallGateway.Snmp.Ber;

/// <summary>BER for one varbind value (RFC 2578 7.1, RFC 3416 3 for the exception values).</summary>
internal static class ValueCodec
{
    public static void Write(SnmpValue value, BerWriter writer)
    {
        byte tag = (byte)value.Kind;
        switch (value.Kind)
        {
            case SnmpValueKind.Integer32:
                writer.WriteInteger(value.AsInt32());
                break;
            case SnmpValueKind.OctetString:
            case SnmpValueKind.IpAddress:
            case SnmpValueKind.Opaque:
                writer.WritePrimitive(tag, value.RawBytes);
                break;
            case SnmpValueKind.ObjectIdentifier:
                writer.WriteOid(value.RawOid);
                break;
            case SnmpValueKind.Counter32:
            case SnmpValueKind.Gauge32:
            case SnmpValueKind.TimeTicks:
            case SnmpValueKind.Counter64:
                writer.WriteUnsigned(tag, value.RawNumber);
                break;
            default:
                writer.WriteNull(tag);
                break;
        }
    }

    public static SnmpValue Read(ref BerReader reader, string what)
    {
        ReadOnlySpan<byte> content = reader.ReadTlv(out byte tag, out _);
        switch ((SnmpValueKind)tag)
        {
            case SnmpValueKind.Integer32:
                return SnmpValue.Integer32(BerPrimitives.DecodeInt32(content, what));
            case SnmpValueKind.OctetString:
                return SnmpValue.OctetString(content);
            case SnmpValueKind.ObjectIdentifier:
                return SnmpValue.ObjectIdentifier(BerPrimitives.DecodeOid(content, what));
            case SnmpValueKind.IpAddress:
                return content.Length == 4
                    ? SnmpValue.IpAddress(new System.Net.IPAddress(content))
                    : throw new SnmpDecodeException($"{what}: an IpAddress of {content.Length} bytes, not 4");
            case SnmpValueKind.Counter32:
                return SnmpValue.Counter32(BerPrimitives.DecodeUInt32(content, what));
            case SnmpValueKind.Gauge32:
                return SnmpValue.Gauge32(BerPrimitives.DecodeUInt32(content, what));
            case SnmpValueKind.TimeTicks:
                return SnmpValue.TimeTicks(BerPrimitives.DecodeUInt32(content, what));
            case SnmpValueKind.Opaque:
                return SnmpValue.Opaque(content);
            case SnmpValueKind.Counter64:
                return SnmpValue.Counter64(BerPrimitives.DecodeUInt64(content, what));
            case SnmpValueKind.Null:
                return Empty(content, SnmpValue.Null, what);
            case SnmpValueKind.NoSuchObject:
                return Empty(content, SnmpValue.NoSuchObject, what);
            case SnmpValueKind.NoSuchInstance:
                return Empty(content, SnmpValue.NoSuchInstance, what);
            case SnmpValueKind.EndOfMibView:
                return Empty(content, SnmpValue.EndOfMibView, what);
            default:
                throw new SnmpDecodeException($"{what}: unknown value tag 0x{tag:X2}");
        }
    }

    private static SnmpValue Empty(ReadOnlySpan<byte> content, SnmpValue value, string what) =>
        content.IsEmpty ? value : throw new SnmpDecodeException($"{what}: {value.Kind} with {content.Length} content byte(s)");
}
