using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataExchange.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InitialRecordExchange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ingest_batches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Agency = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    BatchKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Accepted = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    Rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    RejectionsJson = table.Column<string>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ingest_batches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "source_records",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Agency = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SourceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Retracted = table.Column<bool>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    IdNumber = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    IdNumberValid = table.Column<bool>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Sex = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    BirthDate = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    RawJson = table.Column<string>(type: "TEXT", nullable: false),
                    NormalizedJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_source_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "source_record_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceRecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Retracted = table.Column<bool>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RawJson = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    BatchKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StoredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_source_record_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_source_record_versions_source_records_SourceRecordId",
                        column: x => x.SourceRecordId,
                        principalTable: "source_records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ingest_batches_Agency_BatchKey",
                table: "ingest_batches",
                columns: new[] { "Agency", "BatchKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_source_record_versions_SourceRecordId_Version",
                table: "source_record_versions",
                columns: new[] { "SourceRecordId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_source_records_Agency_SourceId",
                table: "source_records",
                columns: new[] { "Agency", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_source_records_IdNumber",
                table: "source_records",
                column: "IdNumber");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ingest_batches");

            migrationBuilder.DropTable(
                name: "source_record_versions");

            migrationBuilder.DropTable(
                name: "source_records");
        }
    }
}
