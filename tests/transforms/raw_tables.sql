-- The raw tables as dlt loads them into schema `toolyt`, empty: each test adds the few
-- rows it needs. Every documented field is a column, with the type the sync gives it.

create schema toolyt;

create table toolyt.users (
    user_id bigint, first_name text, middle_name text, last_name text, phone text,
    email text, profile_pic text, address text, designation text, employee_number text,
    department text,
    _toolyt_list_hash text, _toolyt_deleted boolean, _dlt_load_id text, _dlt_id text
);

create table toolyt.leads (
    lead_id bigint, full_name text, company_name text, designation text, phone text,
    alternate_phone text, land_line text, email text, address text, website text,
    profile_pic text, location text, country_name text, state_name text,
    district_name text, area_name text, expected_value decimal(38, 9),
    assigned_date timestamptz, lead_status text, lead_source text,
    assigned_user_id bigint, assigned_user text, industry text, industry_category text,
    industry_sub_category text, description text, pin_code text, no_of_beds text,
    ceo_name text,
    _toolyt_list_hash text, _toolyt_deleted boolean, _dlt_load_id text, _dlt_id text
);

create table toolyt.customers (
    customer_id bigint, full_name text, company_name text, designation text, phone text,
    alternate_phone text, land_line text, email text, address text, website text,
    profile_pic text, location text, country_name text, state_name text,
    district_name text, area_name text, expected_value decimal(38, 9),
    created_date timestamptz, lead_status text, lead_source text,
    assigned_user_id bigint, assigned_user text, industry text, industry_category text,
    industry_sub_category text, description text, pin_code text,
    _toolyt_list_hash text, _toolyt_deleted boolean, _dlt_load_id text, _dlt_id text
);

create table toolyt.lost_leads (
    lead_id bigint, full_name text, company_name text, designation text, phone text,
    alternate_phone text, land_line text, email text, address text, website text,
    profile_pic text, location text, country_name text, state_name text,
    district_name text, area_name text, expected_value decimal(38, 9),
    created_date timestamptz, lead_status text, lead_source text,
    assigned_user_id bigint, assigned_user text, industry text, industry_category text,
    industry_sub_category text, description text, pin_code text,
    _toolyt_list_hash text, _toolyt_deleted boolean, _dlt_load_id text, _dlt_id text
);

create table toolyt.prospect_history (
    prospect_id bigint, stage text, lead_status text, seen_at timestamptz,
    created_at timestamptz, is_first_seen boolean, previous_stage text,
    _dlt_load_id text, _dlt_id text
);

create table toolyt.visits (
    id bigint, user_id bigint, first_name text, last_name text, address text,
    phone text, category_id bigint, user_assigned bigint, created_at timestamptz,
    updated_at timestamptz, company_id bigint, created_by bigint, customer_id bigint,
    latitude text, longitude text, location_name text, accuracy text,
    visit_mode_id bigint, remarks text, schedule_content text, date date, time time,
    schedule_date date, schedule_time time, comments text, next_action_date date,
    next_action_time time, status bigint, cancel_reason text, cancelled_user bigint,
    cancelled_datetime timestamptz, reschedule_status bigint, image text,
    image_url text, check_in_time timestamptz, check_out_time timestamptz,
    customer_status_type bigint, reason_id bigint, sub_reason_id bigint,
    user_name text, full_name text, customer_name text, customer_company text,
    website text, email text, company_name text,
    _toolyt_list_hash text, _toolyt_deleted boolean, _dlt_load_id text, _dlt_id text
);

create table toolyt.attendance (
    user_id bigint, full_name text, date date, latitude text, longitude text,
    location_name text, signin_time time, signout_time time,
    logout_location_name text, created_at timestamptz,
    _toolyt_list_hash text, _toolyt_deleted boolean, _dlt_load_id text, _dlt_id text
);

create table toolyt.order_invoices (
    invoice_id bigint, invoice_number text, invoice_date date, invoice_due_date date,
    credit_level text, credit_priod text, customer_id bigint, customer_name text,
    customer_address text, country text, state text, city text, area text,
    amount decimal(38, 9), tax decimal(38, 9), total_amount decimal(38, 9),
    balance_amount decimal(38, 9), status text,
    _toolyt_list_hash text, _toolyt_deleted boolean, _dlt_load_id text, _dlt_id text
);

create table toolyt.order_invoices__products (
    id bigint, product_name text, product_sku text, quantity bigint,
    free_quantity bigint, price_per_quantity decimal(38, 9), tax_amount decimal(38, 9),
    _dlt_parent_id text, _dlt_list_idx bigint, _dlt_id text
);

create table toolyt._dlt_loads (
    load_id text, schema_name text, status bigint, inserted_at timestamptz,
    schema_version_hash text
);
