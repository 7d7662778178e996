using System.Text;

namespace MLSegmentation.Transforms;

/// <summary>A minimal RFC 4180 reader: comma-separated fields, double-quoted fields with "" escapes and embedded newlines.</summary>
internal static class CsvTable
{
    /// <summary>The rows of <paramref name="text"/>; blank lines are dropped.</summary>
    public static List<string[]> Parse(string text, string path)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, fieldStarted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
                fieldStarted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString().Trim());
                field.Clear();
                fieldStarted = true;
            }
            else if (c is '\n' or '\r')
            {
                EndRow();
            }
            else
            {
                field.Append(c);
                fieldStarted = true;
            }
        }

        if (quoted)
        {
            throw new DatasetException(path, "malformed CSV: a quoted field is not closed", null);
        }

        EndRow();
        return rows;

        void EndRow()
        {
            if (fieldStarted || field.Length > 0 || row.Count > 0)
            {
                row.Add(field.ToString().Trim());
                rows.Add([.. row]);
            }

            row.Clear();
            field.Clear();
            fieldStarted = false;
        }
    }
}
