namespace MLSegmentation.Trainers.Methods;

/// <summary>When the supervised contrastive loss trains the encoder (METHODS.md §2).</summary>
public enum ContrastiveSchedule
{
    /// <summary>
    /// The paper's two stages (default): stage 1 trains encoder and projection head with the contrastive
    /// loss only and saves an encoder checkpoint; stage 2 trains the whole segmenter with Dice +
    /// cross-entropy from that encoder.
    /// </summary>
    PretrainThenFinetune,

    /// <summary>One run with L = L_seg + λ·L_SupCon.</summary>
    Joint,
}
