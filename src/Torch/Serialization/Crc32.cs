namespace MLSegmentation.Torch.Serialization;

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib's <c>crc32</c>), computed incrementally.</summary>
internal struct Crc32
{
    private static readonly uint[] s_table = BuildTable();
    private uint _state;

    public Crc32() => _state = 0xFFFFFFFFu;

    /// <summary>The checksum of everything appended so far.</summary>
    public readonly uint Value => ~_state;

    public void Append(ReadOnlySpan<byte> data)
    {
        uint c = _state;
        uint[] table = s_table;
        foreach (byte b in data) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
        _state = c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
