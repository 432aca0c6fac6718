using DataExchange.Data.Entities.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataExchange.Data.Configurations.Reconciliation;

internal sealed class ChangeEventConfiguration : IEntityTypeConfiguration<ChangeEventEntity>
{
    public void Configure(EntityTypeBuilder<ChangeEventEntity> builder)
    {
        builder.ToTable("change_events");
        // The sequence is the cursor: assigned by the database, monotonic, never reused.
        builder.HasKey(change => change.Sequence);
        builder.Property(change => change.Sequence).ValueGeneratedOnAdd();
        builder.Property(change => change.ChildPublicId).HasMaxLength(40);
        builder.Property(change => change.Kind).HasMaxLength(16);
        builder.Property(change => change.Agencies).HasMaxLength(200);
        builder.HasIndex(change => change.ChildId);
    }
}
