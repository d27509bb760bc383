namespace FirewallGateway.Snmp.Ber;

/// <summary>Decoding and encoding of the primitive contents: integers and OIDs.</summary>
internal static class BerPrimitives
{
    public static int DecodeInt32(ReadOnlySpan<byte> content, string what)
    {
        long value = DecodeSigned(content, 4, what);
        return (int)value;
    }

    /// <summary>
    /// Counter32, Gauge32, TimeTicks: up to 5 bytes (a leading zero keeps the top bit clear). Some agents send
    /// large values as negative 4-byte integers; net-snmp takes the low 32 bits and so do we.
    /// </summary>
    public static uint DecodeUInt32(ReadOnlySpan<byte> content, string what)
    {
        if (content.Length == 5 && content[0] != 0)
        {
            throw new SnmpDecodeException($"{what} does not fit 32 bits");
        }

        return unchecked((uint)DecodeSigned(content, 5, what));
    }

    /// <summary>Counter64: up to 9 bytes, the 9th only as a leading zero.</summary>
    public static ulong DecodeUInt64(ReadOnlySpan<byte> content, string what)
    {
        if (content.Length == 9)
        {
            if (content[0] != 0)
            {
                throw new SnmpDecodeException($"{what} does not fit 64 bits");
            }

            content = content[1..];
        }

        if (content.IsEmpty || content.Length > 8)
        {
            throw new SnmpDecodeException($"{what} has {content.Length} content bytes");
        }

        ulong value = 0;
        foreach (byte b in content)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    public static Oid DecodeOid(ReadOnlySpan<byte> content, string what)
    {
        if (content.IsEmpty)
        {
            throw new SnmpDecodeException($"{what}: an empty OBJECT IDENTIFIER");
        }

        var components = new List<uint>(content.Length + 1);
        int i = 0;
        while (i < content.Length)
        {
            ulong value = 0;
            int start = i;
            while (true)
            {
                if (i == content.Length)
                {
                    throw new SnmpDecodeException($"{what}: the last OID sub-identifier is cut short");
                }

                byte b = content[i++];
                if (i - start == 1 && b == 0x80)
                {
                    throw new SnmpDecodeException($"{what}: an OID sub-identifier has a leading 0x80 (X.690 8.19.2)");
                }

                value = (value << 7) | (uint)(b & 0x7F);
                if (value > uint.MaxValue)
                {
                    throw new SnmpDecodeException($"{what}: an OID sub-identifier exceeds 32 bits");
                }

                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            if (components.Count == 0)
            {
                // X.690 8.19.4: the first sub-identifier is 40 * X + Y, X in 0..2.
                uint first = value < 80 ? (uint)(value / 40) : 2;
                components.Add(first);
                components.Add((uint)(value - (first * 40)));
            }
            else
            {
                components.Add((uint)value);
            }

            if (components.Count > Oid.MaxComponents)
            {
                throw new SnmpDecodeException($"{what}: an OID with more than {Oid.MaxComponents} components");
            }
        }

        return Oid.FromValidatedComponents([.. components]);
    }

    /// <summary>Writes the minimal two's complement form of <paramref name="value"/>.</summary>
    public static void EncodeSigned(long value, BerWriter writer)
    {
        Span<byte> bytes = stackalloc byte[8];
        int start = 0;
        for (int i = 7; i >= 0; i--)
        {
            bytes[i] = (byte)value;
            value >>= 8;
        }

        // Drop leading bytes that only repeat the sign of the next one (X.690 8.3.2).
        while (start < 7 && ((bytes[start] == 0x00 && (bytes[start + 1] & 0x80) == 0)
                             || (bytes[start] == 0xFF && (bytes[start + 1] & 0x80) != 0)))
        {
            start++;
        }

        writer.WriteRaw(bytes[start..]);
    }

    /// <summary>Writes an unsigned value as a non-negative INTEGER (a leading zero when the top bit is set).</summary>
    public static void EncodeUnsigned(ulong value, BerWriter writer)
    {
        Span<byte> bytes = stackalloc byte[9];
        for (int i = 8; i >= 1; i--)
        {
            bytes[i] = (byte)value;
            value >>= 8;
        }

        int start = 0;
        while (start < 8 && bytes[start] == 0 && (bytes[start + 1] & 0x80) == 0)
        {
            start++;
        }

        writer.WriteRaw(bytes[start..]);
    }

    public static void EncodeOid(Oid oid, BerWriter writer)
    {
        ReadOnlySpan<uint> components = oid.Components;
        if (components.Length < 2)
        {
            throw new ArgumentException("an OID to encode needs at least two components", nameof(oid));
        }

        EncodeSubIdentifier((ulong)components[0] * 40 + components[1], writer);
        foreach (uint component in components[2..])
        {
            EncodeSubIdentifier(component, writer);
        }
    }

    private static void EncodeSubIdentifier(ulong value, BerWriter writer)
    {
        Span<byte> bytes = stackalloc byte[10];
        int start = bytes.Length;
        do
        {
            bytes[--start] = (byte)((value & 0x7F) | (start == bytes.Length - 1 ? 0u : 0x80u));
            value >>= 7;
        }
        while (value != 0);

        writer.WriteRaw(bytes[start..]);
    }

    private static long DecodeSigned(ReadOnlySpan<byte> content, int maxBytes, string what)
    {
        if (content.IsEmpty)
        {
            throw new SnmpDecodeException($"{what}: an INTEGER with no content");
        }

        if (content.Length > maxBytes)
        {
            throw new SnmpDecodeException($"{what}: a {content.Length}-byte INTEGER is larger than {maxBytes} bytes");
        }

        long value = (sbyte)content[0];
        foreach (byte b in content[1..])
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
