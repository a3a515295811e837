    op.create_table(
        "{{ e.table }}",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
{% for f in e.fields %}        sa.Column("{{ f.name }}", {{ f.migration_type }}, nullable={% if f.required %}False{% else %}True{% endif %}{{ f.migration_default() }}),
{% endfor %}        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_{{ e.table }}_user_id_users"), ondelete="CASCADE"),
{% for r in e.references() %}        sa.ForeignKeyConstraint(["{{ r.name }}"], ["{{ r.ref_table() }}.id"], name=op.f("fk_{{ e.table }}_{{ r.name }}_{{ r.ref_table() }}"), ondelete="{{ r.on_delete }}"{% if r.deferred %}, use_alter=True{% endif %}),
{% endfor %}        sa.PrimaryKeyConstraint("id", name=op.f("pk_{{ e.table }}")),
{% for u in e.uniques %}{% if !u.caseless() %}        sa.UniqueConstraint({{ u.constraint_columns() }}, name=op.f("{{ u.name }}")),
{% endif %}{% endfor %}{% for (name, sql) in e.checks %}        sa.CheckConstraint({{ sql|py_str }}, name=op.f("ck_{{ e.table }}_{{ name }}")),
{% endfor %}    )
{% for i in e.indexes %}    op.create_index(op.f("{{ i.name }}"), "{{ e.table }}", [{{ i.quoted_columns() }}], unique=False)
{% endfor %}{% for u in e.uniques %}{% if u.caseless() %}    op.create_index(op.f("{{ u.name }}"), "{{ e.table }}", [{{ u.index_columns() }}], unique=True)
{% endif %}{% endfor %}